import { GiteaClient, resolveLabels } from '../../../nodes/shared/gitea';
import { GiteaStandin } from '../../support/gitea-standin';
import { failure } from './giteaError';

describe('resolveLabels', () => {
	let standin: GiteaStandin;
	let client: GiteaClient;

	beforeEach(async () => {
		standin = await GiteaStandin.start();
		standin.addUser('platform', { isOrg: true, members: ['ci-bot'] });
		standin.addRepo('platform', 'pipelines');
		standin.addLabel('platform', 'pipelines', 'ci-failure');
		standin.addLabel('platform', 'pipelines', 'Flaky');
		standin.addOrgLabel('platform', 'team/infra');
		client = new GiteaClient({ serverUrl: standin.url, accessToken: 'test-token' });
	});
	afterEach(() => standin.stop());

	const ids = (...names: string[]) => names.map((name) => standin.state.labels.find((label) => label.name === name)?.id);

	it('turns names into IDs, from the repository and its organization, in the order given', async () => {
		const resolved = await resolveLabels(client, 'platform', 'pipelines', ['team/infra', 'ci-failure']);
		expect(resolved.ids).toEqual(ids('team/infra', 'ci-failure'));
		expect(resolved.organizationLabelIds).toEqual(ids('team/infra'));
		expect(resolved.created).toEqual([]);
		expect(standin.writes()).toEqual([]);
	});

	it('matches case-insensitively when the name is unambiguous', async () => {
		expect((await resolveLabels(client, 'platform', 'pipelines', ['flaky'])).ids).toEqual(ids('Flaky'));
	});

	it('refuses a missing label when creating is off, naming the field and the labels that exist', async () => {
		const error = await failure(resolveLabels(client, 'platform', 'pipelines', ['ci-failure', 'regression']));
		expect(error.code).toBe('INVALID_INPUT');
		expect(error.field).toBe('Labels');
		expect(error.message).toBe(
			'Labels: "regression" does not exist in platform/pipelines (available: ci-failure, Flaky, team/infra) - fix the name, or turn on "Create Missing Labels"',
		);
		expect(standin.writes()).toEqual([]);
	});

	it('creates missing labels in the repository with the colour given', async () => {
		const resolved = await resolveLabels(client, 'platform', 'pipelines', ['ci-failure', 'regression'], {
			createMissing: true,
			color: 'FBCA04',
		});
		expect(resolved.created).toEqual(['regression']);
		const created = standin.labelsOf('platform', 'pipelines').find((label) => label.name === 'regression');
		expect(created?.color).toBe('fbca04');
		expect(resolved.ids).toEqual([ids('ci-failure')[0], created?.id]);
		expect(standin.writes().map((request) => [request.method, request.path, request.body])).toEqual([
			['POST', '/repos/platform/pipelines/labels', { name: 'regression', color: '#fbca04' }],
		]);
	});

	it('creates a missing label once when two resolutions race', async () => {
		standin.latencyMs = 30;
		await Promise.all([
			resolveLabels(client, 'platform', 'pipelines', ['new-label'], { createMissing: true }),
			resolveLabels(client, 'platform', 'pipelines', ['new-label'], { createMissing: true }),
		]);
		expect(standin.labelsOf('platform', 'pipelines').filter((label) => label.name === 'new-label')).toHaveLength(1);
	});

	it('refuses a bad colour before creating anything', async () => {
		const error = await failure(resolveLabels(client, 'platform', 'pipelines', ['x'], { createMissing: true, color: 'red' }));
		expect(error.field).toBe('Label Color');
		expect(standin.requests).toEqual([]);
	});
});
