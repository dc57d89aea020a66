import type { INodeProperties } from 'n8n-workflow';

const URL_VALIDATION = [
	{
		type: 'regex' as const,
		properties: { regex: '^https?://.+', errorMessage: 'Not a URL - paste the address from your browser' },
	},
];

export const ownerRLC: INodeProperties = {
	displayName: 'Owner',
	name: 'owner',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'User or organization that owns the repository',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchOwners', searchable: true },
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://git.example.com/platform',
			validation: URL_VALIDATION,
		},
		{
			displayName: 'By Name',
			name: 'name',
			type: 'string',
			placeholder: 'e.g. platform',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^[A-Za-z0-9_.-]+$', errorMessage: 'Not a Gitea user or organization name' },
				},
			],
		},
	],
};

export const repositoryRLC: INodeProperties = {
	displayName: 'Repository',
	name: 'repository',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchRepositories', searchable: true },
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://git.example.com/platform/pipelines',
			validation: URL_VALIDATION,
		},
		{
			displayName: 'By Name',
			name: 'name',
			type: 'string',
			placeholder: 'e.g. pipelines',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^[A-Za-z0-9_.-]+$', errorMessage: 'Not a Gitea repository name' },
				},
			],
		},
	],
};

export const issueRLC: INodeProperties = {
	displayName: 'Issue',
	name: 'issue',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchIssues', searchable: true },
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://git.example.com/platform/pipelines/issues/42',
			validation: URL_VALIDATION,
		},
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
