import type { INodeProperties } from 'n8n-workflow';

export const TRIAGE_OPERATIONS = ['collect', 'analyse', 'render'] as const;
export type TriageOperation = (typeof TRIAGE_OPERATIONS)[number];

export const failureTriageProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Collect and Analyse',
				value: 'collect',
				action: 'Collect and analyse a failed pod',
				description: 'Read the failed pod, its failed container’s log and its events through MCP, then analyse them',
			},
			{ name: 'Analyse Log', value: 'analyse', action: 'Analyse a log', description: 'Analyse a log given directly' },
			{
				name: 'Render Report',
				value: 'render',
				action: 'Render an issue and email',
				description: 'Merge the analysis (and an optional LLM analysis) into an issue title and body and an email',
			},
		],
		default: 'collect',
	},

	// Collect
	{
		displayName: 'Failure Source',
		name: 'source',
		type: 'options',
		options: [
			{
				name: 'From Input Item',
				value: 'item',
				description:
					'The item is the request: {namespace, pod_name, container_name?}, {namespace, pipeline_run}, a Tekton CloudEvent, or a Webhook node item carrying one of them',
			},
			{ name: 'Fields', value: 'fields', description: 'Name the pod (or PipelineRun) below' },
		],
		default: 'item',
		displayOptions: { show: { operation: ['collect'] } },
	},
	{
		displayName: 'Namespace',
		name: 'namespace',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { operation: ['collect'], source: ['fields'] } },
	},
	{
		displayName: 'Pod Name',
		name: 'podName',
		type: 'string',
		default: '',
		description: 'The failed pod; leave empty to name a PipelineRun instead',
		displayOptions: { show: { operation: ['collect'], source: ['fields'] } },
	},
	{
		displayName: 'Container Name',
		name: 'containerName',
		type: 'string',
		default: '',
		description: 'Optional; checked against the pod, which says which container really failed',
		displayOptions: { show: { operation: ['collect'], source: ['fields'] } },
	},
	{
		displayName: 'PipelineRun Name',
		name: 'pipelineRun',
		type: 'string',
		default: '',
		description: 'Find the failed pod by the label tekton.dev/pipelineRun; give this or Pod Name, not both',
		displayOptions: { show: { operation: ['collect'], source: ['fields'] } },
	},

	// Analyse
	{
		displayName: 'Log',
		name: 'log',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		required: true,
		displayOptions: { show: { operation: ['analyse'] } },
	},
	{
		displayName: 'Context',
		name: 'logContext',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { operation: ['analyse'] } },
		options: [
			{ displayName: 'Container', name: 'container', type: 'string', default: '' },
			{ displayName: 'Exit Code', name: 'exitCode', type: 'number', default: 1 },
			{ displayName: 'Namespace', name: 'namespace', type: 'string', default: '' },
			{ displayName: 'Pipeline Task', name: 'pipelineTask', type: 'string', default: '' },
			{ displayName: 'PipelineRun', name: 'pipelineRun', type: 'string', default: '' },
			{ displayName: 'Pod', name: 'pod', type: 'string', default: '' },
		],
	},

	// Render
	{
		displayName: 'Report From',
		name: 'reportSource',
		type: 'options',
		options: [
			{ name: 'Expression', value: 'expression', description: 'The Report field below' },
			{
				name: 'A Node',
				value: 'node',
				description: 'The item a named node produced for this item (read directly, without evaluating an expression)',
			},
		],
		default: 'expression',
		displayOptions: { show: { operation: ['render'] } },
	},
	{
		displayName: 'Report',
		name: 'report',
		type: 'json',
		default: '={{ $json.report ?? $json }}',
		required: true,
		description: 'The output of Collect and Analyse or Analyse Log',
		displayOptions: { show: { operation: ['render'], reportSource: ['expression'] } },
	},
	{
		displayName: 'Report Node',
		name: 'reportNode',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Collect failure from cluster',
		description: 'Name of the Failure Triage node (Collect and Analyse or Analyse Log) whose output is the report',
		displayOptions: { show: { operation: ['render'], reportSource: ['node'] } },
	},
	{
		displayName: 'LLM Analysis',
		name: 'analysis',
		type: 'json',
		default: '',
		description:
			'Optional JSON from the LiteLLM Agent node: {summary, root_cause, fixes, confidence}. Empty or invalid means rule-based only; the model never overrides facts.',
		displayOptions: { show: { operation: ['render'] } },
	},
	{
		displayName: 'Analysis Model',
		name: 'analysisModel',
		type: 'string',
		default: '',
		description: 'Shown next to the analysis',
		displayOptions: { show: { operation: ['render'] } },
	},
	{
		displayName: 'Run URL',
		name: 'runUrl',
		type: 'string',
		default: '',
		placeholder: 'https://tekton-dashboard.example.com/#/namespaces/ci/pipelineruns/…',
		description: 'Link to the failed run; when empty and Tekton Dashboard URL is set, the link is made from the PipelineRun',
		displayOptions: { show: { operation: ['render'] } },
	},
	{
		displayName: 'Tekton Dashboard URL',
		name: 'dashboardUrl',
		type: 'string',
		default: '',
		placeholder: 'https://tekton-dashboard.example.com',
		displayOptions: { show: { operation: ['render'] } },
	},
	{
		displayName: 'Issue URL',
		name: 'issueUrl',
		type: 'string',
		default: '',
		description: 'Linked from the email',
		displayOptions: { show: { operation: ['render'] } },
	},

	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: ['collect', 'analyse'] } },
		options: [
			{
				displayName: 'Allowed Namespaces',
				name: 'allowedNamespaces',
				type: 'string',
				default: '',
				placeholder: 'e.g. ci, build',
				description:
					'Comma-separated. A failure in another namespace is refused before anything is read (error details: status 403). Empty: whatever the MCP server’s credentials can read.',
				displayOptions: { show: { '/operation': ['collect'] } },
			},
			{
				displayName: 'Digest Token Budget',
				name: 'digestTokens',
				type: 'number',
				typeOptions: { minValue: 64 },
				default: 2000,
				description: 'Size of the log digest for the LLM and the issue',
			},
			{
				displayName: 'Reuse Recent Collection (Seconds)',
				name: 'reuseSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 60,
				description:
					'Repeats of a failure that arrive while it is being collected, or within this many seconds after, reuse that collection instead of reading the pod again. 0 always reads.',
			},
			{
				displayName: 'Max Evidence Lines',
				name: 'maxEvidence',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 20 },
				default: 5,
			},
			{
				displayName: 'Max Log Lines',
				name: 'maxLogLines',
				type: 'number',
				typeOptions: { minValue: 100 },
				default: 500000,
				description: 'How many lines of the failed container’s log to read (from the end); the root cause is often far from the end',
			},
			{
				displayName: 'Max Containers',
				name: 'maxContainers',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: 3,
				description: 'Failed containers of one pod whose logs are read',
			},
		],
	},
];
