import type { IDisplayOptions, INodeProperties, INodePropertyMode } from 'n8n-workflow';

// Each locator offers a list search, a browser URL, and the bare name or number.
const fromList = (searchListMethod: string): INodePropertyMode => ({
	displayName: 'From List',
	name: 'list',
	type: 'list',
	typeOptions: { searchListMethod, searchable: true },
});

const byUrl = (placeholder: string): INodePropertyMode => ({
	displayName: 'By URL',
	name: 'url',
	type: 'string',
	placeholder,
	validation: [
		{
			type: 'regex',
			properties: { regex: '^https?://.+', errorMessage: 'Not a URL - paste the address from your browser' },
		},
	],
});

const byName = (placeholder: string, errorMessage: string): INodePropertyMode => ({
	displayName: 'By Name',
	name: 'name',
	type: 'string',
	placeholder,
	validation: [{ type: 'regex', properties: { regex: '^[A-Za-z0-9_.-]+$', errorMessage } }],
});

const ownerRLC: INodeProperties = {
	displayName: 'Owner',
	name: 'owner',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'User or organization that owns the repository',
	modes: [
		fromList('searchOwners'),
		byUrl('e.g. https://git.example.com/platform'),
		byName('e.g. platform', 'Not a Gitea user or organization name'),
	],
};

const repositoryRLC: INodeProperties = {
	displayName: 'Repository',
	name: 'repository',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		fromList('searchRepositories'),
		byUrl('e.g. https://git.example.com/platform/pipelines'),
		byName('e.g. pipelines', 'Not a Gitea repository name'),
	],
};

/** Owner and Repository, shown where `displayOptions` says. */
export function repositoryLocators(displayOptions: IDisplayOptions): INodeProperties[] {
	return [
		{ ...ownerRLC, displayOptions },
		{ ...repositoryRLC, displayOptions },
	];
}

export const issueRLC: INodeProperties = {
	displayName: 'Issue',
	name: 'issue',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		fromList('searchIssues'),
		byUrl('e.g. https://git.example.com/platform/pipelines/issues/42'),
		{
			displayName: 'By Number',
			name: 'number',
			type: 'string',
			placeholder: 'e.g. 42',
			validation: [{ type: 'regex', properties: { regex: '^#?[0-9]+$', errorMessage: 'Not an issue number' } }],
		},
	],
};

export const labelsProperty: INodeProperties = {
	displayName: 'Labels',
	name: 'labels',
	type: 'string',
	default: '',
	placeholder: 'e.g. ci-failure, flaky',
	description: 'Label names, comma-separated; repository and organization labels both work',
};

export const labelOptions: INodeProperties[] = [
	{
		displayName: 'Create Missing Labels',
		name: 'createMissingLabels',
		type: 'boolean',
		default: false,
		description: 'Whether to create labels that do not exist yet in the repository, instead of failing',
	},
	{
		displayName: 'Label Color',
		name: 'labelColor',
		type: 'color',
		default: '#e11d21',
		description: 'Colour of labels this node creates',
	},
];

export const labelOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: labelOptions,
};

export const returnAllAndLimit = (resource: string, operation: string): INodeProperties[] => [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show: { resource: [resource], operation: [operation] } },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { resource: [resource], operation: [operation], returnAll: [false] } },
	},
];
