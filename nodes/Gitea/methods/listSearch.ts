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
import { collectPages, GITEA_PAGE_SIZE, readOwner } from '../../shared/gitea';
import { getRepository } from '../helpers/parameters';
import { giteaClient, toNodeError } from '../transport';

const matches = (filter: string | undefined, ...texts: Array<string | undefined>) =>
	!filter || texts.some((text) => text?.toLowerCase().includes(filter.toLowerCase()));

const pageOf = (token: string | undefined) => Math.max(1, Number(token) || 1);

export async function searchOwners(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	try {
		const client = await giteaClient.call(this);
		const me = await client.getCurrentUser();
		const organizations = await collectPages((page, limit) => client.listMyOrganizations(page, limit));
		const owners: INodeListSearchItems[] = [
			{ name: me.login ?? '', value: me.login ?? '', url: me.html_url },
			...organizations.map((org) => ({ name: org.name ?? '', value: org.name ?? '', url: `${client.serverUrl}/${org.name}` })),
		];
		const fullNames = new Map([[me.login, me.full_name], ...organizations.map((org) => [org.name, org.full_name] as const)]);
		return { results: owners.filter((owner) => matches(filter, owner.name, fullNames.get(owner.name) ?? undefined)) };
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}

export async function searchRepositories(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	try {
		const client = await giteaClient.call(this);
		const ownerValue = this.getNodeParameter('owner') as { value?: unknown } | string | undefined;
		if (!ownerValue || (typeof ownerValue === 'object' && !ownerValue.value)) {
			throw new NodeOperationError(this.getNode(), 'Choose the Owner first, then its repositories are listed here');
		}
		const owner = readOwner(ownerValue, client.serverUrl);
		const page = pageOf(paginationToken);
		const received = await client.listRepositoriesOf(owner, page, GITEA_PAGE_SIZE);
		const next = nextPageAfter(page, received, page * GITEA_PAGE_SIZE, GITEA_PAGE_SIZE);
		return {
			results: received.items
				.filter((repo) => matches(filter, repo.name, repo.description))
				.map((repo) => ({ name: repo.name ?? '', value: repo.name ?? '', url: repo.html_url })),
			paginationToken: next === undefined ? undefined : String(next),
		};
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}

export async function searchIssues(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	try {
		const client = await giteaClient.call(this);
		const { owner, repo } = getRepository.call(this, client);
		const page = pageOf(paginationToken);
		const query = filter && filter.trim() !== '' ? { state: 'all' as const, q: filter.trim().replace(/^#/, '') } : { state: 'all' as const };
		const received = await client.listIssues(owner, repo, query, page, GITEA_PAGE_SIZE);
		const next = nextPageAfter(page, received, page * GITEA_PAGE_SIZE, GITEA_PAGE_SIZE);
		return {
			results: received.items.map((issue) => ({
				name: `#${issue.number} ${issue.title ?? ''}${issue.state === 'closed' ? ' (closed)' : ''}`,
				value: String(issue.number),
				url: issue.html_url,
			})),
			paginationToken: next === undefined ? undefined : String(next),
		};
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}
