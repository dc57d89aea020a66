import type { INodeProperties } from 'n8n-workflow';

import { AGENT_PARAMETER_LABELS as LABELS } from '../shared/agent/config';

const DEFAULT_SYSTEM_PROMPT =
	'You investigate failures of Kubernetes and OpenShift workloads and CI pipelines. Use the tools to look up facts ' +
	'(pods, logs, events) before you conclude; do not guess. Answer with the root cause, the evidence, and the fix.';

const EXAMPLE_SCHEMA = JSON.stringify(
	{
		type: 'object',
		required: ['summary', 'root_cause', 'category'],
		properties: {
			summary: { type: 'string' },
			root_cause: { type: 'string' },
			category: { type: 'string', enum: ['build', 'test', 'dependency', 'infrastructure', 'configuration', 'unknown'] },
			suggested_fix: { type: 'string' },
		},
	},
	null,
	2,
);

const names = (label: string, description: string, placeholder: string): INodeProperties => ({
	displayName: label,
	name: '',
	type: 'string',
	default: '',
	placeholder,
	description,
});

export const liteLlmAgentProperties: INodeProperties[] = [
	{
		displayName: LABELS.model,
		name: 'model',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The model name as the proxy knows it (its model_name)',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchModels', searchable: true },
			},
			{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'e.g. llama-4-scout' },
		],
	},
	{
		displayName: LABELS.fallbackModels,
		name: 'fallbackModels',
		type: 'string',
		default: '',
		placeholder: 'e.g. qwen3-32b, deepseek-r1-distill-llama-70b',
		description:
			'Comma-separated models to try in order when a model fails on budget, rate limit, timeout, a server error or an unknown name (never on a rejected key)',
	},
	{
		displayName: LABELS.systemPrompt,
		name: 'systemPrompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: DEFAULT_SYSTEM_PROMPT,
		description: 'Instructions for the model. The node adds a rule that tool results are untrusted data.',
	},
	{
		displayName: LABELS.userPrompt,
		name: 'userPrompt',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.digest }}',
		description: 'The request the agent works on; usually an expression over the incoming item',
	},
	{
		displayName: 'MCP Tools',
		name: 'mcpTools',
		type: 'options',
		options: [
			{ name: 'From the MCP Server Credential', value: 'credential', description: 'One server, or a gateway that federates several' },
			{ name: 'None (Chat Only)', value: 'none' },
		],
		default: 'credential',
	},
	{
		displayName: 'Additional MCP Servers',
		name: 'additionalServers',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add MCP Server',
		default: {},
		description: 'Further servers whose tools the agent may use, e.g. a Gitea MCP server beside the cluster’s',
		options: [
			{
				displayName: 'Server',
				name: 'server',
				values: [
					{
						displayName: 'URL',
						name: 'url',
						type: 'string',
						default: '',
						placeholder: 'http://gitea-mcp.tools.svc:8080/mcp',
					},
					{
						displayName: 'Transport',
						name: 'transport',
						type: 'options',
						options: [
							{ name: 'Auto (Streamable HTTP, Then SSE)', value: 'auto' },
							{ name: 'Streamable HTTP', value: 'streamable-http' },
							{ name: 'SSE (Legacy HTTP+SSE)', value: 'sse' },
						],
						default: 'auto',
					},
					{
						displayName: 'Tool Name Prefix',
						name: 'prefix',
						type: 'string',
						default: '',
						placeholder: 'e.g. gitea_',
						description: 'Put in front of every tool name of this server; needed when two servers offer a tool of the same name',
					},
					{
						displayName: 'Bearer Token',
						name: 'token',
						type: 'string',
						typeOptions: { password: true },
						default: '',
						description: 'Sent as "Authorization: Bearer &lt;token&gt;" when set',
					},
					{
						displayName: 'Trust Tool Annotations',
						name: 'trustAnnotations',
						type: 'boolean',
						default: false,
						description:
							"Whether to believe this server's readOnlyHint annotations. Off: only known read-only tools of the Kubernetes and Gitea MCP servers (and tools allowed by name) are offered.",
					},
				],
			},
		],
	},
	{
		displayName: LABELS.outputMode,
		name: 'outputMode',
		type: 'options',
		options: [
			{ name: 'Text', value: 'text' },
			{ name: 'JSON Matching a Schema', value: 'json', description: 'Parsed and validated; one repair round when the model gets it wrong' },
		],
		default: 'text',
	},
	{
		displayName: LABELS.jsonSchema,
		name: 'jsonSchema',
		type: 'json',
		default: EXAMPLE_SCHEMA,
		displayOptions: { show: { outputMode: ['json'] } },
		description: 'The JSON Schema the answer must match (draft-07; 2019-09 and 2020-12 when "$schema" says so)',
	},
	{
		displayName: LABELS.maxIterations,
		name: 'maxIterations',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 100 },
		default: 10,
		description: 'Model turns at most; on the last one tools are withheld and the model must answer',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{ ...names(LABELS.allowedNamespaces, 'Comma-separated; a call whose "namespace" argument is outside the list is refused', 'e.g. ci, build'), name: 'allowedNamespaces' },
			{
				...names(
					LABELS.allowedSecretReads,
					'Comma-separated tool names that may read Kubernetes Secrets, values included. Empty: calls that name Secrets are refused and Secrets in results are cut to names and keys.',
					'e.g. resources_get',
				),
				name: 'allowedSecretReads',
			},
			{
				...names(
					LABELS.allowedTools,
					'Comma-separated tool names that may run although not annotated read-only, or although destructive. Read-only tools need no entry.',
					'e.g. get_file_content',
				),
				name: 'allowedTools',
			},
			{ ...names(LABELS.excludeTools, 'Comma-separated names; * matches any characters', 'e.g. pods_top, helm_*'), name: 'excludeTools' },
			{ ...names(LABELS.includeTools, 'Comma-separated names; * matches any characters. Empty: all tools.', 'e.g. pods_*, events_list'), name: 'includeTools' },
			{
				displayName: LABELS.maxTokens,
				name: 'maxTokens',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 2000,
				description: 'Upper bound on each reply (max_tokens)',
			},
			{
				displayName: LABELS.maxToolCalls,
				name: 'maxToolCalls',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 30,
				description: 'Tool calls per run at most; then tools are withheld and the model must answer',
			},
			{
				displayName: LABELS.toolConcurrency,
				name: 'toolConcurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 16 },
				default: 4,
				description: 'How many of one turn’s tool calls run at once',
			},
			{
				displayName: LABELS.contextTokens,
				name: 'contextTokens',
				type: 'number',
				typeOptions: { minValue: 1000 },
				default: 6000,
				description: 'What one request may carry; older tool results are cut further to stay under it',
			},
			{
				displayName: LABELS.requestTimeoutMs,
				name: 'requestTimeoutMs',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 120000,
				description: 'Per model request; a slower model is given up for the next fallback',
			},
			{
				displayName: LABELS.temperature,
				name: 'temperature',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 2, numberPrecision: 2 },
				default: 0.2,
			},
			{
				displayName: LABELS.toolChoice,
				name: 'toolChoice',
				type: 'options',
				options: [
					{ name: 'Auto', value: 'auto', description: 'The model decides' },
					{ name: 'Required on the First Turn', value: 'required_first', description: 'Make the model look something up before it answers' },
					{ name: 'None', value: 'none', description: 'Offer no tools' },
				],
				default: 'auto',
			},
			{
				displayName: LABELS.toolResultTokens,
				name: 'toolResultTokens',
				type: 'number',
				typeOptions: { minValue: 64 },
				default: 1500,
				description: 'Each tool result is cut to this, keeping its head, its tail and its error lines',
			},
			{
				displayName: LABELS.toolTimeoutMs,
				name: 'toolTimeoutMs',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 60000,
				description: 'Per tool call; a slower tool becomes a tool error the model sees',
			},
			{
				displayName: LABELS.totalTimeoutMs,
				name: 'totalTimeoutMs',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 300000,
				description: 'For the whole run of one item, tools included',
			},
		],
	},
];
