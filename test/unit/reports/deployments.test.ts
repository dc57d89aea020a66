import { deploymentsReport, deploymentState, reportProblem, type DeploymentLike } from '../../../nodes/shared/reports';
import { mcpClientErrorItem, objectsOf, resourcesListOutput } from './mcp-outputs';

const now = new Date('2025-06-03T09:30:00Z');
const deployments = objectsOf('Deployment');
const named = (name: string) => structuredClone(deployments.find((deployment) => deployment.metadata.name === name)!) as DeploymentLike;

describe('the deployment rollout report', () => {
	it('puts the deployments without an available replica first, then the one rolling out, with desired, ready, updated and available', () => {
		const report = deploymentsReport({ now, deployments: resourcesListOutput(deployments) });
		expect(reportProblem(report)).toBeUndefined();
		expect(report.verdict).toBe('critical');
		expect(report.headline).toBe(
			'3 deployments have no available replica (shop/notification-service, shop/payments-api, shop/storefront-web) and 1 rollout is in progress (shop/checkout-api).',
		);
		expect(report.counts).toEqual({ deployments: 5, unavailable: 3, stalled: 0, rollingOut: 1, notReady: 0, complete: 1, unreadable: 0 });
		const [table] = report.tables;
		expect(table.columns).toEqual(['Namespace', 'Deployment', 'Desired', 'Ready', 'Updated', 'Available', 'Rollout', 'Condition', 'Age']);
		expect(table.rows.map((row) => row.slice(0, 8))).toEqual([
			['shop', 'notification-service', '1', '0', '1', '0', 'Rolled out; 0 of 1 available', 'Available: MinimumReplicasUnavailable'],
			['shop', 'payments-api', '1', '0', '1', '0', 'Rolled out; 0 of 1 available', 'Available: MinimumReplicasUnavailable'],
			['shop', 'storefront-web', '1', '0', '1', '0', 'Rolled out; 0 of 1 available', 'Available: MinimumReplicasUnavailable'],
			['shop', 'checkout-api', '3', '3', '2', '3', 'Rolling out: 2 of 3 updated', 'Available: MinimumReplicasAvailable'],
			['data', 'report-worker', '1', '1', '1', '1', 'Complete', 'Available: MinimumReplicasAvailable'],
		]);
	});

	it('says every deployment is rolled out when they are', () => {
		const report = deploymentsReport({ now, deployments: [named('report-worker')] });
		expect(report.verdict).toBe('healthy');
		expect(report.headline).toBe('The only deployment is rolled out, with every desired replica ready.');
	});

	it('works out kubectl’s rollout states: stalled, waiting for the controller, old replicas terminating, paused, scaled to zero', () => {
		const stalled = named('checkout-api');
		stalled.status!.conditions![1] = { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "checkout-api-6d8f7c9b5d" has timed out progressing.' };
		expect(deploymentState(stalled)).toMatchObject({ rollout: 'Stalled: ProgressDeadlineExceeded', severity: 'critical', problem: 'stalled', condition: 'Progressing: ProgressDeadlineExceeded' });

		const unobserved = named('report-worker');
		unobserved.metadata!.generation = 2;
		expect(deploymentState(unobserved)).toMatchObject({ rollout: 'Waiting for the controller to see the change', severity: 'warning' });

		const terminating = named('checkout-api');
		Object.assign(terminating.status!, { replicas: 4, updatedReplicas: 3 });
		expect(deploymentState(terminating).rollout).toBe('Rolling out: 1 old replica terminating');

		const paused = named('checkout-api');
		paused.spec!.paused = true;
		expect(deploymentState(paused)).toMatchObject({ rollout: 'Paused', severity: 'warning' });

		const scaledDown = named('payments-api');
		scaledDown.spec!.replicas = 0;
		Object.assign(scaledDown.status!, { replicas: 0, updatedReplicas: 0, unavailableReplicas: 0 });
		expect(deploymentState(scaledDown)).toMatchObject({ desired: 0, rollout: 'Complete', severity: 'ok' });
	});

	it('says so when the deployments cannot be read', () => {
		const why = 'Tool "resources_list" failed: failed to list resources: deployments.apps is forbidden';
		const report = deploymentsReport({ now, deployments: mcpClientErrorItem(why) });
		expect(report).toMatchObject({ verdict: 'degraded', headline: `The deployments could not be read: ${why}.`, notes: [`The deployments could not be read: ${why}.`] });
		expect(report.tables[0].emptyText).toBe(`The deployments could not be read: ${why}.`);
	});

	it('refuses objects of another kind, naming the input', () => {
		expect(() => deploymentsReport({ now, deployments: resourcesListOutput(objectsOf('ReplicaSet')) })).toThrow(
			expect.objectContaining({ field: 'deployments', message: expect.stringMatching(/^expected Deployment objects from resources_list, but item 1 is a ReplicaSet$/) }),
		);
	});
});
