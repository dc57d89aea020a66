import { csvSeverity, operatorsReport, reportProblem, subscriptionProblems } from '../../../nodes/shared/reports';
import { operatorObjects } from '../../fixtures/cluster';
import { mcpClientErrorItem, resourcesListOutput } from './mcp-outputs';

const now = new Date('2025-06-03T09:30:00Z');
const csvs = () => resourcesListOutput(operatorObjects.filter((object) => object.kind === 'ClusterServiceVersion'));
const subscriptions = () => resourcesListOutput(operatorObjects.filter((object) => object.kind === 'Subscription'));

describe('the operator health report', () => {
	it('puts the failed operator first, leaves out OLM’s copies and flags the subscription waiting for approval', async () => {
		const report = await operatorsReport({ now, csvs: csvs(), subscriptions: subscriptions() });
		expect(reportProblem(report)).toBeUndefined();
		expect(report.verdict).toBe('critical');
		expect(report.headline).toBe('1 operator has failed (data/strimzi-cluster-operator.v0.45.0: InstallCheckFailed) and 1 subscription needs a look (data/cloudnative-pg: upgrade waits for approval).');
		expect(report.tables[0].rows.map((row) => row.slice(0, 5))).toEqual([
			['data', 'Strimzi (strimzi-cluster-operator.v0.45.0)', '0.45.0', 'Failed', 'InstallCheckFailed'],
			['data', 'CloudNativePG (cloudnative-pg.v1.24.2)', '1.24.2', 'Succeeded', 'InstallSucceeded'],
			['openshift-pipelines', 'Red Hat OpenShift Pipelines (openshift-pipelines-operator-rh.v1.18.1)', '1.18.1', 'Succeeded', 'InstallSucceeded'],
		]);
		expect(report.tables[1].rows[0]).toEqual(['data', 'cloudnative-pg', 'stable-v1', 'certified-operators', 'cloudnative-pg.v1.24.2', 'cloudnative-pg.v1.25.1', 'UpgradePending', 'Manual', 'upgrade waits for approval']);
		expect(report.notes).toEqual(['1 copy OLM placed in watched namespaces is left out.']);
	});

	it('judges phases and subscription conditions', () => {
		expect(['Succeeded', 'Failed', 'Installing', 'Replacing', ''].map(csvSeverity)).toEqual(['ok', 'critical', 'warning', 'warning', 'warning']);
		const resolution = { status: { installedCSV: 'x.v1', conditions: [{ type: 'ResolutionFailed', status: 'True', reason: 'ConstraintsNotSatisfiable', message: 'no operators found in channel beta' }] } };
		expect(subscriptionProblems(resolution)).toEqual(['ResolutionFailed (ConstraintsNotSatisfiable): no operators found in channel beta']);
		expect(subscriptionProblems({ status: {} })).toEqual(['nothing installed yet']);
	});

	it('says when OLM is not installed', async () => {
		const report = await operatorsReport({ now, csvs: mcpClientErrorItem('Tool "resources_list" failed: failed to list resources: no matches for kind "ClusterServiceVersion" in version "operators.coreos.com/v1alpha1"') });
		expect(report.verdict).toBe('degraded');
		expect(report.headline).toBe('The operators could not be read: ClusterServiceVersion objects (operators.coreos.com/v1alpha1) are not served by this cluster.');
		expect(report.tables.map((table) => table.id)).toEqual(['operators']);
	});
});
