/**
 * Labels by name. Gitea's create call takes label IDs, so names are resolved against the
 * repository's labels and, for an organization's repository, the organization's labels; missing
 * ones are created in the repository on request.
 */
import type { Label } from 'gitea-js';

import type { GiteaClient } from './client';
import { invalidInput } from './errors';
import { giteaLocks } from './lock';
import { collectPages } from './pagination';
import { checkColor } from './validation';

export const DEFAULT_LABEL_COLOR = '#e11d21';

export interface ResolveLabelsOptions {
	/** Create labels that do not exist yet, in the repository. */
	createMissing?: boolean;
	/** Colour of created labels. */
	color?: string;
	/** Node field named in errors. */
	field?: string;
}

export interface ResolvedLabels {
	ids: number[];
	labels: Label[];
	/** Names of labels this call created. */
	created: string[];
	/** IDs among `ids` that are organization labels rather than repository labels. */
	organizationLabelIds: number[];
}

export interface AvailableLabels {
	repository: Label[];
	organization: Label[];
}

export async function loadLabels(client: GiteaClient, owner: string, repo: string): Promise<AvailableLabels> {
	const [repository, organization] = await Promise.all([
		collectPages((page, limit) => client.listRepoLabels(owner, repo, page, limit)),
		collectPages((page, limit) => client.listOrgLabels(owner, page, limit)),
	]);
	return { repository, organization };
}

/** The repository's labels, then its organization's. */
export async function listAvailableLabels(client: GiteaClient, owner: string, repo: string): Promise<Label[]> {
	const { repository, organization } = await loadLabels(client, owner, repo);
	return [...repository, ...organization];
}

/** Exact name first; otherwise a case-insensitive match when exactly one label has it. */
export function findLabel(labels: Label[], name: string): Label | undefined {
	const exact = labels.find((label) => label.name === name);
	if (exact) return exact;
	const folded = labels.filter((label) => label.name?.toLowerCase() === name.toLowerCase());
	return folded.length === 1 ? folded[0] : undefined;
}

function availableNames(labels: Label[]): string {
	const names = labels.map((label) => label.name).filter(Boolean) as string[];
	if (names.length === 0) return 'the repository has no labels yet';
	const shown = names.slice(0, 20).join(', ');
	return `available: ${shown}${names.length > 20 ? `, … (${names.length} in all)` : ''}`;
}

export async function resolveLabels(
	client: GiteaClient,
	owner: string,
	repo: string,
	names: string[],
	options: ResolveLabelsOptions = {},
): Promise<ResolvedLabels> {
	const field = options.field ?? 'Labels';
	if (names.length === 0) return { ids: [], labels: [], created: [], organizationLabelIds: [] };
	const color = checkColor(options.color ?? DEFAULT_LABEL_COLOR, 'Label Color');

	const loaded = await loadLabels(client, owner, repo);
	const organizationIds = new Set(loaded.organization.map((label) => label.id));
	let available = [...loaded.repository, ...loaded.organization];
	let missing = names.filter((name) => !findLabel(available, name));
	const created: string[] = [];

	if (missing.length > 0 && !options.createMissing) {
		const list = missing.map((name) => `"${name}"`).join(', ');
		throw invalidInput(
			field,
			`${field}: ${list} ${missing.length === 1 ? 'does' : 'do'} not exist in ${owner}/${repo} (${availableNames(available)}) - fix the name, or turn on "Create Missing Labels"`,
		);
	}
	if (missing.length > 0) {
		// Gitea allows two labels with one name: serialise creation and look again inside the lock.
		await giteaLocks.run(`${client.serverUrl}|${owner.toLowerCase()}/${repo.toLowerCase()}|labels`, async () => {
			available = await listAvailableLabels(client, owner, repo);
			missing = names.filter((name) => !findLabel(available, name));
			for (const name of missing) {
				available.push(await client.createLabel(owner, repo, { name, color }));
				created.push(name);
			}
		});
	}

	const labels = names.map((name) => findLabel(available, name) as Label);
	const ids = labels.map((label) => label.id as number);
	return { ids, labels, created, organizationLabelIds: ids.filter((id) => organizationIds.has(id)) };
}
