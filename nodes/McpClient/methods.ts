import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeCredentialTestResult,
	INodeListSearchResult,
	ResourceMapperFields,
} from 'n8n-workflow';
import { toNodeError } from '../adapters/mcpErrors';
import { McpClientError, McpSession, serverConfigFromCredential, type McpServerCredentialFields } from '../shared/mcp';
import { fieldsFromToolSchema } from './toolSchemaFields';

async function withSession<T>(context: ILoadOptionsFunctions | IExecuteFunctions, use: (session: McpSession) => Promise<T>): Promise<T> {
	const credentials = (await context.getCredentials('mcpServerApi')) as McpServerCredentialFields;
	let session: McpSession | undefined;
	try {
		session = await McpSession.open(serverConfigFromCredential(credentials));
		return await use(session);
	} catch (error) {
		throw toNodeError(context.getNode(), error);
	} finally {
		await session?.close();
	}
}

export async function searchTools(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const tools = await withSession(this, (session) => session.listTools());
	const needle = (filter ?? '').trim().toLowerCase();
	return {
		results: tools
			.filter((tool) => !needle || tool.name.toLowerCase().includes(needle) || (tool.description ?? '').toLowerCase().includes(needle))
			.sort((a, b) => a.name.localeCompare(b.name))
			.map((tool) => ({ name: tool.title ? `${tool.name} (${tool.title})` : tool.name, value: tool.name, description: tool.description })),
	};
}

export async function getToolArgumentFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const toolName = String(this.getNodeParameter('tool', undefined, { extractValue: true }) ?? '');
	if (!toolName.trim()) return { fields: [], emptyFieldsNotice: 'Choose a tool first' };
	const tool = await withSession(this, (session) => session.findTool(toolName));
	const fields = fieldsFromToolSchema(tool);
	return fields.length ? { fields } : { fields, emptyFieldsNotice: `Tool "${toolName}" takes no arguments` };
}

/** Credential test: connect, initialise and list tools, as a real run would. */
export async function mcpServerApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	let session: McpSession | undefined;
	try {
		session = await McpSession.open(serverConfigFromCredential((credential.data ?? {}) as McpServerCredentialFields));
		const tools = await session.listTools();
		const server = session.serverInfo;
		return {
			status: 'OK',
			message: `Connected to ${server?.name ?? 'the MCP server'} ${server?.version ?? ''} over ${session.transport}: ${tools.length} tools`.replace(/\s+/g, ' '),
		};
	} catch (error) {
		const message = error instanceof McpClientError && error.hint ? `${error.message}. ${error.hint}` : (error as Error).message;
		return { status: 'Error', message };
	} finally {
		await session?.close();
	}
}
