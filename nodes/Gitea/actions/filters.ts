/** Filters that several list operations offer, described once and read once. */
import type { INodeProperties } from 'n8n-workflow';

import { names } from '../helpers/parameters';

/** The Filters collection of a list operation. */
export function filtersProperty(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Filters', name: 'filters', type: 'collection', placeholder: 'Add Filter', default: {}, options };
}

export const updatedRangeFilters: INodeProperties[] = [
	{ displayName: 'Updated Before', name: 'before', type: 'dateTime', default: '' },
	{ displayName: 'Updated Since', name: 'since', type: 'dateTime', default: '' },
];

export const issueStateFilter: INodeProperties = {
	displayName: 'State',
	name: 'state',
	type: 'options',
	options: [
		{ name: 'Open', value: 'open' },
		{ name: 'Closed', value: 'closed' },
		{ name: 'All', value: 'all' },
	],
	default: 'open',
};

export interface UpdatedRangeValues {
	before?: string;
	since?: string;
}

export interface IssueFilterValues extends UpdatedRangeValues {
	labels?: string;
	state?: 'open' | 'closed' | 'all';
}

/** An empty date field sets no bound. */
export function updatedRange(filters: UpdatedRangeValues): UpdatedRangeValues {
	return { since: filters.since || undefined, before: filters.before || undefined };
}

/** The filters Get Many and Search of issues share, as the core takes them. */
export function issueFilters(filters: IssueFilterValues) {
	return { state: filters.state, labels: names(filters.labels), ...updatedRange(filters) };
}
