import { helmReport, readHelmReleases, reportProblem } from '../../../nodes/shared/reports';
import { helmReleases } from '../../fixtures/cluster';
import { helmListOutput, mcpClientErrorItem, mcpClientItem } from './mcp-outputs';

const now = new Date('2025-06-03T09:30:00Z');

describe('the Helm releases audit', () => {
	it('lists the latest revision of each release, the failed one first, from helm_list’s text', () => {
		const output = helmListOutput(helmReleases);
		// The MCP Client node leaves helm_list's YAML as text: it does not look like a Kubernetes object.
		expect(output.data).toBeUndefined();
		const report = helmReport({ now, releases: output });
		expect(reportProblem(report)).toBeUndefined();
		expect(report.verdict).toBe('degraded');
		expect(report.headline).toBe('1 Helm release needs attention (data/reporting failed) and 2 deployed.');
		expect(report.tables[0].rows).toEqual([
			['data', 'reporting', 'reporting', '0.9.0', '0.9.0', '2', 'failed', '32m ago'],
			['kube-system', 'metrics-server', 'metrics-server', '3.12.2', '0.7.2', '1', 'deployed', '78d ago'],
			['shop', 'storefront', 'storefront', '2.4.1', '2.4.1', '3', 'deployed', '5d ago'],
		]);
		expect(report.notes).toEqual([]);
	});

	it('is healthy when every release is deployed, counts stale ones in a note, and reads "No Helm releases found"', () => {
		const deployed = helmReleases.filter((release) => release.status === 'deployed');
		const report = helmReport({ now, releases: helmListOutput(deployed), staleDays: 30 });
		expect(report).toMatchObject({ verdict: 'healthy', headline: 'All 2 Helm releases are deployed.', notes: ['1 release was last deployed more than 30 days ago.'] });
		expect(helmReport({ now, releases: mcpClientItem('helm_list', 'No Helm releases found') })).toMatchObject({ verdict: 'healthy', headline: 'No Helm releases were found.' });
	});

	it('says when the server does not offer helm_list, and how to turn the helm toolset on', () => {
		const report = helmReport({ now, releases: mcpClientErrorItem('The server has no tool named "helm_list"', 'Available tools: pods_list, …') });
		expect(report.verdict).toBe('degraded');
		expect(report.headline).toBe('Helm releases could not be read: helm_list is not offered by this MCP server.');
		expect(report.notes).toEqual([
			'Helm releases could not be read: helm_list is not offered by this MCP server.',
			'kubernetes-mcp-server offers helm_list only with the helm toolset: start it with --toolsets core,config,helm (or add helm to toolsets in its configuration).',
		]);
		expect(report.tables[0].emptyText).toBe('Helm releases could not be read: helm_list is not offered by this MCP server.');
	});

	it('refuses a list that is not releases, naming the input', () => {
		expect(() => readHelmReleases([{ chart: 'x' }])).toThrow(expect.objectContaining({ field: 'releases', message: 'expected Helm releases from helm_list, but item 1 has no name and namespace' }));
	});
});
