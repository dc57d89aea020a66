/**
 * "From list" searches of the Owner, Repository and Issue resource locators. Each call reads one
 * page and hands back the next page number as the pagination token.
 */
import {
	NodeOperationError,
	type ILoadOptionsFunctions,
	type INodeListSearchItems,
	type INodeListSearchResult,
} from 'n8n-workflow';

import { nextPageAfter } from '../../shared/gitea/pagination';
import { collectPages, GITEA_PAGE_SIZE, readOwner, type GiteaClient, type Page } from '../../shared/gitea';
import { getRepository } from '../helpers/parameters';
import { giteaClient, toNodeError } from '../transport';

const matches = (filter: string | undefined, ...texts: Array<string | undefined>) =>
	!filter || texts.some((text) => text?.toLowerCase().includes(filter.toLowerCase()));

/** Runs a search with this call's client; whatever fails reaches the editor as a node error. */
async function withClient(
	this: ILoadOptionsFunctions,
	search: (client: GiteaClient) => Promise<INodeListSearchResult>,
): Promise<INodeListSearchResult> {
	try {
		return await search(await giteaClient.call(this));
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}

/** The page the pagination token names, as results, with the next page's number as the new token. */
async function onePage<T>(
	paginationToken: string | undefined,
	fetchPage: (page: number, limit: number) => Promise<Page<T>>,
	toResults: (items: T[]) => INodeListSearchItems[],
): Promise<INodeListSearchResult> {
	const page = Math.max(1, Number(paginationToken) || 1);
	const received = await fetchPage(page, GITEA_PAGE_SIZE);
	const next = nextPageAfter(page, received, page * GITEA_PAGE_SIZE, GITEA_PAGE_SIZE);
	return { results: toResults(received.items), paginationToken: next === undefined ? undefined : String(next) };
}

export async function searchOwners(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return await withClient.call(this, async (client) => {
		const me = await client.getCurrentUser();
		const organizations = await collectPages((page, limit) => client.listMyOrganizations(page, limit));
		const owners: INodeListSearchItems[] = [
			{ name: me.login ?? '', value: me.login ?? '', url: me.html_url },
			...organizations.map((org) => ({ name: org.name ?? '', value: org.name ?? '', url: `${client.serverUrl}/${org.name}` })),
		];
		const fullNames = new Map([[me.login, me.full_name], ...organizations.map((org) => [org.name, org.full_name] as const)]);
		return { results: owners.filter((owner) => matches(filter, owner.name, fullNames.get(owner.name) ?? undefined)) };
	});
}

export async function searchRepositories(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await withClient.call(this, async (client) => {
		const ownerValue = this.getNodeParameter('owner') as { value?: unknown } | string | undefined;
		if (!ownerValue || (typeof ownerValue === 'object' && !ownerValue.value)) {
			throw new NodeOperationError(this.getNode(), 'Choose the Owner first, then its repositories are listed here');
		}
		const owner = readOwner(ownerValue, client.serverUrl);
		return await onePage(
			paginationToken,
			(page, limit) => client.listRepositoriesOf(owner, page, limit),
			(repositories) =>
				repositories
					.filter((repo) => matches(filter, repo.name, repo.description))
					.map((repo) => ({ name: repo.name ?? '', value: repo.name ?? '', url: repo.html_url })),
		);
	});
}

export async function searchIssues(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await withClient.call(this, async (client) => {
		const { owner, repo } = getRepository.call(this, client);
		const query = filter && filter.trim() !== '' ? { state: 'all' as const, q: filter.trim().replace(/^#/, '') } : { state: 'all' as const };
		return await onePage(
			paginationToken,
			(page, limit) => client.listIssues(owner, repo, query, page, limit),
			(issues) =>
				issues.map((issue) => ({
					name: `#${issue.number} ${issue.title ?? ''}${issue.state === 'closed' ? ' (closed)' : ''}`,
					value: String(issue.number),
					url: issue.html_url,
				})),
		);
	});
}
