import type { INodeProperties } from 'n8n-workflow';

export const MCP_OPERATIONS = ['listTools', 'callTool', 'listResources', 'readResource', 'listPrompts', 'getPrompt'] as const;
export type McpOperation = (typeof MCP_OPERATIONS)[number];

const show = (...operation: McpOperation[]) => ({ show: { operation } });

export const mcpClientProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Call Tool', value: 'callTool', action: 'Call a tool', description: 'Run one of the server’s tools' },
			{ name: 'Get Prompt', value: 'getPrompt', action: 'Get a prompt', description: 'Render one of the server’s prompts' },
			{ name: 'List Prompts', value: 'listPrompts', action: 'List prompts' },
			{ name: 'List Resources', value: 'listResources', action: 'List resources' },
			{ name: 'List Tools', value: 'listTools', action: 'List tools' },
			{ name: 'Read Resource', value: 'readResource', action: 'Read a resource' },
		],
		default: 'callTool',
	},
	{
		displayName: 'Tool',
		name: 'tool',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		displayOptions: show('callTool'),
		description: 'The tool to call',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchTools', searchable: true },
			},
			{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'e.g. pods_get' },
		],
	},
	{
		displayName: 'Arguments',
		name: 'argumentsMode',
		type: 'options',
		options: [
			{ name: 'JSON', value: 'json', description: 'Write the arguments as one JSON object' },
			{ name: 'Fields From the Tool’s Schema', value: 'fields', description: 'Fill in fields built from the tool’s input schema' },
		],
		default: 'json',
		displayOptions: show('callTool'),
	},
	{
		displayName: 'Arguments (JSON)',
		name: 'arguments',
		type: 'json',
		default: '{}',
		displayOptions: { show: { operation: ['callTool'], argumentsMode: ['json'] } },
		description: 'Checked against the tool’s input schema before the call',
	},
	{
		displayName: 'Argument Fields',
		name: 'argumentFields',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		displayOptions: { show: { operation: ['callTool'], argumentsMode: ['fields'] } },
		typeOptions: {
			loadOptionsDependsOn: ['tool.value'],
			resourceMapper: {
				resourceMapperMethod: 'getToolArgumentFields',
				mode: 'add',
				fieldWords: { singular: 'argument', plural: 'arguments' },
				addAllFields: false,
				supportAutoMap: false,
			},
		},
	},
	{
		displayName: 'Resource URI',
		name: 'resourceUri',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. file:///config.yaml',
		displayOptions: show('readResource'),
	},
	{
		displayName: 'Prompt Name',
		name: 'promptName',
		type: 'string',
		default: '',
		required: true,
		displayOptions: show('getPrompt'),
	},
	{
		displayName: 'Prompt Arguments (JSON)',
		name: 'promptArguments',
		type: 'json',
		default: '{}',
		displayOptions: show('getPrompt'),
		description: 'An object of string values',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Output Parsing',
				name: 'outputParsing',
				type: 'options',
				options: [
					{ name: 'Auto', value: 'auto', description: 'JSON when the text is JSON, YAML when it is a YAML document, else text' },
					{ name: 'JSON', value: 'json' },
					{ name: 'YAML', value: 'yaml' },
					{ name: 'Text Only', value: 'text' },
				],
				default: 'auto',
				description: 'How to read text results into the output’s "data" field; the raw text is always kept in "text"',
			},
			{
				displayName: 'Request Timeout (Ms)',
				name: 'requestTimeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 60000,
				description: 'Overrides the credential’s request timeout for this node',
			},
			{
				displayName: 'Total Timeout (Ms)',
				name: 'totalTimeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 300000,
				description: 'Cap on the node’s whole MCP session, across all items',
			},
			{
				displayName: 'Validate Arguments',
				name: 'validateArguments',
				type: 'boolean',
				default: true,
				description: 'Whether to check arguments against the tool’s input schema before calling it',
			},
		],
	},
];
