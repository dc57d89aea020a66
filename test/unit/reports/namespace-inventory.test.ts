import { namespaceInventoryReport, reportProblem } from '../../../nodes/shared/reports';
import { defaultCluster, type KubeObject } from '../../fixtures/cluster';
import { listOutput, mcpClientErrorItem, objectsOf } from './mcp-outputs';

const now = new Date('2025-06-03T09:30:00Z');
const namespaces = objectsOf('Namespace');
const pods = () => listOutput('pods_list', defaultCluster.pods.map((fixture) => fixture.pod));
const notOpenShift = mcpClientErrorItem('Tool "projects_list" failed: failed to list projects: no matches for kind "Project" in version "project.openshift.io/v1"');

describe('the namespace inventory', () => {
	it('lists every namespace with its status, pods and part-of label; a cluster without projects is a note, not a problem', () => {
		const report = namespaceInventoryReport({ now, namespaces: listOutput('namespaces_list', namespaces), projects: notOpenShift, pods: pods() });
		expect(reportProblem(report)).toBeUndefined();
		expect(report.verdict).toBe('healthy');
		expect(report.headline).toBe('6 namespaces, all Active and 3 hold no pods (default, kube-system, openshift-pipelines).');
		expect(report.tables[0].rows.map((row) => row.slice(0, 5))).toEqual([
			['ci', 'Active', '5', '5', 'storefront'],
			['data', 'Active', '1', '0', 'reporting'],
			['default', 'Active', '0', '0', ''],
			['kube-system', 'Active', '0', '0', ''],
			['openshift-pipelines', 'Active', '0', '0', ''],
			['shop', 'Active', '7', '2', 'storefront'],
		]);
		expect(report.notes).toEqual(['Project objects (project.openshift.io/v1) are not served by this cluster.']);
	});

	it('stands in with OpenShift projects when namespaces may not be listed, with their display names and requesters', () => {
		const projects: KubeObject[] = namespaces.map((namespace) => ({
			...namespace,
			apiVersion: 'project.openshift.io/v1',
			kind: 'Project',
			metadata: { ...namespace.metadata, annotations: { ...namespace.metadata.annotations, 'openshift.io/display-name': `The ${namespace.metadata.name} project`, 'openshift.io/requester': 'alice' } },
		}));
		const report = namespaceInventoryReport({ now, namespaces: mcpClientErrorItem('Tool "namespaces_list" failed: namespaces is forbidden'), projects: listOutput('projects_list', projects) });
		expect(report.verdict).toBe('healthy');
		expect(report.tables[0].rows[0]).toEqual(['ci', 'Active', '—', '—', 'storefront', 'The ci project', 'alice', '78d']);
		expect(report.notes).toEqual(['The namespace list could not be read: Tool "namespaces_list" failed: namespaces is forbidden.', 'The inventory comes from projects_list instead.']);
	});

	it('puts a namespace stuck terminating first and is degraded', () => {
		const stuck = structuredClone(namespaces.find((namespace) => namespace.metadata.name === 'data')!);
		(stuck.status as { phase: string }).phase = 'Terminating';
		const report = namespaceInventoryReport({ now, namespaces: [stuck, ...namespaces.filter((namespace) => namespace.metadata.name !== 'data')] });
		expect(report).toMatchObject({ verdict: 'degraded', headline: '6 namespaces and 1 is stuck terminating (data).' });
		expect(report.tables[0].rows[0].slice(0, 2)).toEqual(['data', 'Terminating']);
	});

	it('says so when neither list could be read', () => {
		const report = namespaceInventoryReport({ now, namespaces: mcpClientErrorItem('connection refused') });
		expect(report).toMatchObject({ verdict: 'degraded', headline: 'The namespaces could not be read: connection refused.' });
	});
});
