import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/** A Model Context Protocol server (or a gateway federating several); tested by the MCP Client node. */
export class McpServerApi implements ICredentialType {
	name = 'mcpServerApi';

	displayName = 'MCP Server';

	icon: Icon = { light: 'file:icons/mcp.svg', dark: 'file:icons/mcp.dark.svg' };

	documentationUrl = 'https://modelcontextprotocol.io/specification/2025-06-18/basic/transports';

	properties: INodeProperties[] = [
		{
			displayName: 'Server URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'http://kubernetes-mcp-server.mcp.svc:8080/mcp',
			description: 'The MCP endpoint, including its path (the Kubernetes MCP server uses /mcp for Streamable HTTP and /sse for SSE)',
		},
		{
			displayName: 'Transport',
			name: 'transport',
			type: 'options',
			options: [
				{ name: 'Auto (Streamable HTTP, Then SSE)', value: 'auto', description: 'Try Streamable HTTP and fall back to SSE for older servers' },
				{ name: 'Streamable HTTP', value: 'streamable-http' },
				{ name: 'SSE (Legacy HTTP+SSE)', value: 'sse' },
			],
			default: 'auto',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{ name: 'None', value: 'none' },
				{ name: 'Bearer Token', value: 'bearer' },
				{ name: 'Custom Headers', value: 'headers' },
			],
			default: 'none',
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authentication: ['bearer'] } },
			description: 'Sent as "Authorization: Bearer &lt;token&gt;"',
		},
		{
			displayName: 'Headers',
			name: 'headers',
			type: 'string',
			typeOptions: { rows: 4, password: true },
			default: '',
			placeholder: 'X-Api-Key: abc123\nX-Tenant: platform team',
			displayOptions: { show: { authentication: ['headers'] } },
			description: 'One header per line as "Name: value"; values may contain spaces, "=" and ":"',
		},
		{
			displayName: 'Request Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60000,
			description: 'How long to wait for each MCP request before giving up',
		},
		{
			displayName: 'Trust Tool Annotations',
			name: 'trustAnnotations',
			type: 'boolean',
			default: false,
			description:
				"Whether the LiteLLM Agent may believe this server's readOnlyHint annotations. Off: it offers only known read-only tools of the Kubernetes and Gitea MCP servers, and tools allowed by name. Turn on only for a server you run and trust.",
		},
	];
}
