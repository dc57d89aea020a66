import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { errorItemJson } from '../adapters/errorItems';
import { toNodeError } from '../adapters/mcpErrors';
import { McpSession, serverConfigFromCredential, type McpServerCredentialFields } from '../shared/mcp';
import {
	assertNamespaceAllowed,
	buildReport,
	buildReportFromLog,
	collectFailure,
	collectOnce,
	credentialIdentity,
	DEFAULT_COLLECT_OPTIONS,
	parseFailureRequest,
	parseNamespaceList,
	renderReport,
	TriageInputError,
	unreachableClusterRecord,
	type FailureTarget,
	type TriageReport,
} from '../shared/triage';
import { TRIAGE_OPERATIONS, type TriageOperation } from './description';

interface TriageOptions {
	allowedNamespaces?: string;
	digestTokens?: number;
	maxEvidence?: number;
	maxLogLines?: number;
	maxContainers?: number;
	reuseSeconds?: number;
}

function inputError(context: IExecuteFunctions, error: TriageInputError, itemIndex: number): NodeOperationError {
	const description =
		error.status === 403 ? 'The namespace is outside Allowed Namespaces; nothing was read from the cluster.' : `Bad input in field "${error.field}"; nothing was read from the cluster.`;
	return new NodeOperationError(context.getNode(), error.message, { itemIndex, description });
}

function targetFromFields(context: IExecuteFunctions, itemIndex: number): FailureTarget {
	const value = (name: string) => String(context.getNodeParameter(name, itemIndex, '') ?? '').trim();
	const payload: IDataObject = { namespace: value('namespace') };
	if (value('podName')) payload.pod_name = value('podName');
	if (value('containerName')) payload.container_name = value('containerName');
	if (value('pipelineRun')) payload.pipeline_run = value('pipelineRun');
	return parseFailureRequest(payload);
}

/** Connects once for all items; a cluster that cannot be reached is a finding, not a crash. */
class LazySession {
	private opened?: Promise<McpSession>;
	private loaded?: Promise<McpServerCredentialFields>;
	constructor(private readonly context: IExecuteFunctions) {}

	/** The MCP Server credential, loaded (and decrypted) once for all items. */
	credentials(): Promise<McpServerCredentialFields> {
		this.loaded ??= this.context.getCredentials('mcpServerApi') as Promise<McpServerCredentialFields>;
		return this.loaded;
	}

	get(): Promise<McpSession> {
		this.opened ??= this.credentials().then((credentials) => McpSession.open(serverConfigFromCredential(credentials), { signal: this.context.getExecutionCancelSignal() }));
		return this.opened;
	}

	async close(): Promise<void> {
		if (!this.opened) return;
		await this.opened.then((session) => session.close()).catch(() => undefined);
	}
}

async function collect(context: IExecuteFunctions, session: LazySession, itemIndex: number, options: TriageOptions): Promise<TriageReport> {
	const source = context.getNodeParameter('source', itemIndex, 'item') as string;
	const target = source === 'fields' ? targetFromFields(context, itemIndex) : parseFailureRequest(context.getInputData()[itemIndex].json);
	const { allowedNamespaces, ...analysisOptions } = options;
	assertNamespaceAllowed(target, parseNamespaceList(allowedNamespaces));
	const collectOptions = { maxLogLines: options.maxLogLines ?? DEFAULT_COLLECT_OPTIONS.maxLogLines, maxContainers: options.maxContainers ?? DEFAULT_COLLECT_OPTIONS.maxContainers };
	const build = async () => {
		let record;
		try {
			record = await collectFailure(await session.get(), target, collectOptions);
		} catch (error) {
			const reason = toNodeError(context.getNode(), error, itemIndex);
			if (/cancel/i.test(reason.message)) throw reason;
			record = unreachableClusterRecord(target, `${reason.message}${reason.description ? ` (${reason.description})` : ''}`);
		}
		return buildReport(record, { digestTokens: analysisOptions.digestTokens, maxEvidence: analysisOptions.maxEvidence });
	};
	const reuseForMs = (options.reuseSeconds ?? 60) * 1000;
	if (reuseForMs <= 0) return build();
	const credentials = await session.credentials();
	// The same pod (or PipelineRun), however the request named it: plain payload, webhook item or CloudEvent.
	const what = target.kind === 'pod' ? [target.namespace, target.podName, target.containerName ?? ''] : [target.namespace, target.pipelineRun];
	const key = JSON.stringify([credentialIdentity(credentials), target.kind, ...what, analysisOptions]);
	const { value, reused } = await collectOnce(key, reuseForMs, build);
	return reused ? { ...value, reusedRecentCollection: true } : value;
}

async function analyse(context: IExecuteFunctions, itemIndex: number, options: TriageOptions): Promise<TriageReport> {
	const log = context.getNodeParameter('log', itemIndex, '') as unknown;
	if (typeof log !== 'string') throw new NodeOperationError(context.getNode(), `log must be text, got ${typeof log}`, { itemIndex });
	const meta = context.getNodeParameter('logContext', itemIndex, {}) as IDataObject;
	return buildReportFromLog(
		log,
		{
			namespace: meta.namespace as string | undefined,
			pod: meta.pod as string | undefined,
			container: meta.container as string | undefined,
			pipelineRun: meta.pipelineRun as string | undefined,
			pipelineTask: meta.pipelineTask as string | undefined,
			exitCode: meta.exitCode as number | undefined,
		},
		{ digestTokens: options.digestTokens, maxEvidence: options.maxEvidence },
	);
}

function readJson(context: IExecuteFunctions, name: string, itemIndex: number): unknown {
	const value = context.getNodeParameter(name, itemIndex, '') as unknown;
	if (typeof value !== 'string') return value;
	if (!value.trim()) return undefined;
	try {
		return JSON.parse(value);
	} catch {
		// A model's answer can be plain text; Render decides what to do with it.
		return name === 'analysis' ? value : undefined;
	}
}

function reportFrom(context: IExecuteFunctions, itemIndex: number): unknown {
	if (context.getNodeParameter('reportSource', itemIndex, 'expression') !== 'node') return readJson(context, 'report', itemIndex);
	const nodeName = String(context.getNodeParameter('reportNode', itemIndex, '')).trim();
	if (!nodeName) throw new NodeOperationError(context.getNode(), 'reportNode is empty: name the Failure Triage node whose output is the report', { itemIndex });
	// The data proxy follows paired items in-process: no expression is evaluated for the (large) report.
	try {
		return context.getWorkflowDataProxy(itemIndex).$(nodeName).item.json;
	} catch (error) {
		throw new NodeOperationError(context.getNode(), `reportNode "${nodeName}": ${(error as Error).message}`, { itemIndex });
	}
}

/** The Tekton Dashboard's page of the PipelineRun, when the dashboard's address is known. */
function dashboardLink(base: string, report: TriageReport): string | undefined {
	const { namespace, pipelineRun } = report.location ?? {};
	if (!base.trim() || !pipelineRun) return undefined;
	return `${base.trim().replace(/\/+$/, '')}/#/namespaces/${encodeURIComponent(namespace)}/pipelineruns/${encodeURIComponent(pipelineRun)}`;
}

async function render(context: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const report = reportFrom(context, itemIndex) as TriageReport | undefined;
	if (!report || typeof report !== 'object' || typeof report.fingerprint !== 'string' || !Array.isArray(report.evidence)) {
		throw new NodeOperationError(context.getNode(), 'report is not a Failure Triage report: expected the output of "Collect and Analyse" or "Analyse Log"', {
			itemIndex,
			description: 'Set Report to an expression such as {{ $json }} or {{ $("Collect failure").item.json }}, or read it from the node by name.',
		});
	}
	const runUrl = (context.getNodeParameter('runUrl', itemIndex, '') as string) || dashboardLink(context.getNodeParameter('dashboardUrl', itemIndex, '') as string, report);
	const rendered = await renderReport({
		report,
		analysis: readJson(context, 'analysis', itemIndex),
		analysisModel: (context.getNodeParameter('analysisModel', itemIndex, '') as string) || undefined,
		runUrl,
		issueUrl: (context.getNodeParameter('issueUrl', itemIndex, '') as string) || undefined,
	});
	return { ...rendered, runUrl: runUrl ?? '', report } as unknown as IDataObject;
}

export async function executeFailureTriage(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	if (!(TRIAGE_OPERATIONS as readonly string[]).includes(operation)) {
		throw new NodeOperationError(this.getNode(), `operation "${operation}" is not supported: expected one of ${TRIAGE_OPERATIONS.join(', ')}`);
	}
	const items = this.getInputData();
	const session = new LazySession(this);
	const returnData: INodeExecutionData[] = [];
	try {
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const options = (operation === 'render' ? {} : this.getNodeParameter('options', itemIndex, {})) as TriageOptions;
				let json: IDataObject;
				switch (operation as TriageOperation) {
					case 'collect':
						json = (await collect(this, session, itemIndex, options)) as unknown as IDataObject;
						break;
					case 'analyse':
						json = (await analyse(this, itemIndex, options)) as unknown as IDataObject;
						break;
					case 'render':
						json = await render(this, itemIndex);
						break;
				}
				returnData.push({ json, pairedItem: { item: itemIndex } });
			} catch (error) {
				const nodeError = error instanceof TriageInputError ? inputError(this, error, itemIndex) : toNodeError(this.getNode(), error, itemIndex);
				if (!this.continueOnFail()) throw nodeError;
				const details = error instanceof TriageInputError ? { field: error.field, status: error.status } : {};
				returnData.push({ json: errorItemJson(nodeError, details), pairedItem: { item: itemIndex } });
			}
		}
	} finally {
		await session.close();
	}
	return [returnData];
}
