/**
 * Runs nodes inside n8n-core's real execution engine (`WorkflowExecute`), fed with workflow JSON as
 * the editor exports it, the way n8n's own node tests do (packages/core/nodes-testing in n8n-io/n8n).
 * Also calls a node's `methods` (listSearch, loadOptions, resourceMapping, credentialTest) through
 * n8n-core's own `LoadOptionsContext` and `CredentialTestContext`, as the editor's backend does.
 *
 * What is stubbed, and nothing else: the credential store (a map from credential type to data) and
 * the parts of `IWorkflowExecuteAdditionalData` that need an n8n server (sub-workflows, task runners).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import {
	CredentialTestContext,
	Credentials,
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	LoadOptionsContext,
	WorkflowExecute,
} from 'n8n-core';
import {
	ICredentialsHelper,
	LoggerProxy,
	NodeConnectionTypes,
	NodeHelpers,
	Workflow,
	createRunExecutionData,
	isExpression,
} from 'n8n-workflow';
import type {
	ExecutionError,
	ExecutionStatus,
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentials,
	IConnections,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeCredentialTestResult,
	INodeCredentials,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodeProperties,
	INodePropertyOptions,
	INodeType,
	INodeTypes,
	IPinData,
	IRequestOptionsSimplified,
	IRun,
	IRunData,
	ITriggerFunctions,
	ITriggerResponse,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
} from 'n8n-workflow';

/* ------------------------------------------------------------------------------------------------ */
/* Process set-up: a throw-away n8n user folder and a quiet logger                                   */
/* ------------------------------------------------------------------------------------------------ */

// n8n-core creates its InstanceSettings (and writes an encryption key into the user folder) and its
// Logger lazily, on first use, so setting the environment here, before any run, is early enough.
const userFolder = mkdtempSync(join(tmpdir(), 'n8n-engine-harness-'));
process.env.N8N_USER_FOLDER = userFolder;
process.env.N8N_LOG_LEVEL ??= process.env.DEBUG ? 'debug' : 'silent';
if (process.env.DEBUG) {
	// The engine logs through LoggerProxy, a no-op until n8n-core first creates its Logger.
	const log = (level: string) => (message: string, metadata?: object) =>
		console.debug(`[n8n ${level}] ${message}`, metadata ?? '');
	LoggerProxy.init({ error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug') });
}
if (typeof afterAll === 'function') {
	afterAll(() => rmSync(userFolder, { recursive: true, force: true }));
} else {
	process.once('exit', () => rmSync(userFolder, { recursive: true, force: true }));
}

/* ------------------------------------------------------------------------------------------------ */
/* Public types                                                                                      */
/* ------------------------------------------------------------------------------------------------ */

/** The part of an exported n8n workflow the engine needs. */
export interface WorkflowJson {
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	pinData?: IPinData;
}

export type NodeTypeMap = Record<string, INodeType | IVersionedNodeType>;

/** Test credentials: the decrypted data for each credential type a node asks for. */
export type TestCredentials = Record<string, ICredentialDataDecryptedObject>;

export interface RunWorkflowOptions {
	workflow: WorkflowJson;
	/** Node types keyed by the `type` used in the workflow JSON, e.g. 'n8n-nodes-mcp-devops.mcpClient'. */
	nodeTypes?: NodeTypeMap;
	credentials?: TestCredentials;
	/**
	 * Credential type classes, when a node relies on them at run time: their `authenticate` is applied
	 * by `httpRequestWithAuthentication`, and their property defaults fill gaps in `credentials`.
	 */
	credentialTypes?: ICredentialType[];
	/** Items emitted by the built-in start node ('test.start' or 'n8n-nodes-base.manualTrigger'). Default: `[{}]`. */
	inputItems?: IDataObject[];
	/** Cancels the run after this long, as n8n's workflow timeout does. Default 30 s. */
	timeoutMs?: number;
}

/** An error as n8n records it on a node run (the serialised form the editor shows). */
export interface RecordedError {
	/** The error class, e.g. 'NodeOperationError', 'NodeApiError'. */
	name?: string;
	message: string;
	description?: string | null;
	httpCode?: string | null;
	context?: IDataObject;
	node?: INode;
	stack?: string;
	[key: string]: unknown;
}

export interface WorkflowRunResult {
	/** The full run as `WorkflowExecute` returned it. */
	run: IRun;
	status: ExecutionStatus;
	runData: IRunData;
	/** The workflow-level error n8n recorded (first failing node, or a cancellation). */
	executionError: RecordedError | undefined;
	/** Names of the nodes that ran, in the order they finished. */
	executedNodes: string[];
	/** Items on one output of one run of a node; `[]` when it produced nothing there. */
	outputOf(nodeName: string, outputIndex?: number, runIndex?: number): INodeExecutionData[];
	/** The error recorded on one run of a node, or undefined when it succeeded or did not run. */
	errorOf(nodeName: string, runIndex?: number): RecordedError | undefined;
}

export interface StartedWorkflow {
	promise: Promise<WorkflowRunResult>;
	/** Stops the run the way the editor's "Stop" button does; nodes see it on `getExecutionCancelSignal()`. */
	cancel(): void;
}

/* ------------------------------------------------------------------------------------------------ */
/* Built-in start node                                                                               */
/* ------------------------------------------------------------------------------------------------ */

export const TEST_START_NODE_TYPE = 'test.start';
const MANUAL_TRIGGER_NODE_TYPE = 'n8n-nodes-base.manualTrigger';
const START_NODE_TYPES = [TEST_START_NODE_TYPE, MANUAL_TRIGGER_NODE_TYPE];

/**
 * A manual trigger that emits the test's input items. Like n8n's Manual Trigger it is a trigger
 * node, so the engine runs it through `TriggersAndPollers` and its `manualTriggerFunction`.
 */
function createStartNodeType(inputItems: IDataObject[]): INodeType {
	return {
		description: {
			displayName: 'Test Start',
			name: 'start',
			group: ['trigger'],
			version: 1,
			description: 'Starts a test workflow with the items the test gives',
			eventTriggerDescription: '',
			maxNodes: 1,
			defaults: { name: 'Start' },
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
			const manualTriggerFunction = async () => {
				this.emit([this.helpers.returnJsonArray(inputItems)]);
			};
			return { manualTriggerFunction };
		},
	};
}

/* ------------------------------------------------------------------------------------------------ */
/* Engine plumbing                                                                                   */
/* ------------------------------------------------------------------------------------------------ */

class MapNodeTypes implements INodeTypes {
	constructor(private readonly types: NodeTypeMap) {}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		return this.get(nodeType);
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.get(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}

	private get(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types[nodeType];
		if (type === undefined) throw new Error(`n8n-engine harness: no node type registered as "${nodeType}"`);
		return type;
	}
}

/** The credential store: returns the test's data, with credential-type defaults applied as n8n does. */
class TestCredentialsHelper extends ICredentialsHelper {
	private readonly data: TestCredentials;

	private readonly types: Map<string, ICredentialType>;

	constructor(credentials: TestCredentials = {}, credentialTypes: ICredentialType[] = []) {
		super();
		this.data = structuredClone(credentials);
		this.types = new Map(credentialTypes.map((type) => [type.name, type]));
	}

	getParentTypes(name: string): string[] {
		return this.types.get(name)?.extends ?? [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const authenticate = this.types.get(typeName)?.authenticate;
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate?.type === 'generic') {
			if (!workflow || !node) throw new Error('declarative authentication needs the workflow and node');
			// Same resolution as n8n's CredentialsHelper: each key and value may be an expression over $credentials.
			const resolveValue = (value: string): string =>
				isExpression(value)
					? String(
							workflow.expression.getSimpleParameterValue(
								node,
								value,
								'internal',
								{ $credentials: credentials },
								undefined,
								'',
							) ?? '',
						)
					: value;
			const target = requestOptions as unknown as Record<string, Record<string, unknown> | undefined>;
			for (const [section, entries] of Object.entries(authenticate.properties)) {
				const resolved = (target[section] ??= {});
				for (const [key, value] of Object.entries(entries as Record<string, string>)) {
					resolved[resolveValue(key)] = resolveValue(value);
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const credentials = new Credentials(nodeCredentials, type);
		await credentials.setData(this.decrypted(type));
		return credentials;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		return this.decrypted(type);
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.data[type] = data;
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.data[type] = { ...this.data[type], ...data };
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.types.get(type)?.properties ?? [];
	}

	private decrypted(type: string): ICredentialDataDecryptedObject {
		const data = this.data[type];
		if (data === undefined) {
			throw new Error(`n8n-engine harness: the test gave no credentials of type "${type}"`);
		}
		const properties = this.getCredentialsProperties(type);
		if (properties.length === 0) return structuredClone(data);
		const withDefaults = NodeHelpers.getNodeParameters(properties, data as INodeParameters, true, false, null, null);
		return { ...(withDefaults as ICredentialDataDecryptedObject), ...structuredClone(data) };
	}
}

const INSTANCE_URL = 'http://localhost:5678';

function createAdditionalData(
	credentialsHelper: ICredentialsHelper,
	extra: Partial<IWorkflowExecuteAdditionalData> = {},
): IWorkflowExecuteAdditionalData {
	const unsupported = (feature: string) => async (): Promise<never> => {
		throw new Error(`n8n-engine harness: ${feature} is not available in node tests`);
	};
	return {
		credentialsHelper,
		executeWorkflow: unsupported('executing a sub-workflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: unsupported('the Code node task runner'),
		logAiEvent: () => undefined,
		externalSecretsProxy: new ExternalSecretsProxy(),
		currentNodeExecutionIndex: 0,
		variables: {},
		// Real-looking URLs: n8n-core parses some of them, and empty strings fail with "Invalid URL".
		restApiUrl: `${INSTANCE_URL}/rest`,
		instanceBaseUrl: `${INSTANCE_URL}/`,
		formBaseUrl: `${INSTANCE_URL}/form`,
		formWaitingBaseUrl: `${INSTANCE_URL}/form-waiting`,
		formTestBaseUrl: `${INSTANCE_URL}/form-test`,
		webhookBaseUrl: `${INSTANCE_URL}/webhook`,
		webhookWaitingBaseUrl: `${INSTANCE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${INSTANCE_URL}/webhook-test`,
		mcpBaseUrl: `${INSTANCE_URL}/mcp`,
		mcpTestBaseUrl: `${INSTANCE_URL}/mcp-test`,
		...extra,
	};
}

let executionCounter = 0;

function toWorkflowBase(id: string, json: WorkflowJson): IWorkflowBase {
	const now = new Date();
	return {
		id,
		name: json.name ?? id,
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: now,
		updatedAt: now,
		nodes: json.nodes,
		connections: json.connections,
		settings: json.settings,
		pinData: json.pinData,
	};
}

function assertNodeTypesKnown(nodes: INode[], nodeTypes: NodeTypeMap): void {
	const unknown = nodes.filter((node) => nodeTypes[node.type] === undefined);
	if (unknown.length > 0) {
		const list = unknown.map((node) => `"${node.name}" (${node.type})`).join(', ');
		throw new Error(`n8n-engine harness: no node type registered for ${list}`);
	}
}

/** The built-in start node when the workflow has one, else the node n8n itself would start from. */
function chooseStartNode(workflow: Workflow, nodes: INode[]): INode | undefined {
	const builtIn = nodes.find((node) => START_NODE_TYPES.includes(node.type) && node.disabled !== true);
	return builtIn ? (workflow.getNode(builtIn.name) ?? undefined) : workflow.getStartNode();
}

function toRecordedError(error: unknown): RecordedError | undefined {
	if (error === undefined || error === null) return undefined;
	if (typeof error === 'object') return error as RecordedError;
	return { message: String(error) };
}

function buildResult(run: IRun, executedNodes: string[]): WorkflowRunResult {
	const { runData } = run.data.resultData;
	return {
		run,
		status: run.status,
		runData,
		executionError: toRecordedError(run.data.resultData.error),
		executedNodes,
		outputOf: (nodeName, outputIndex = 0, runIndex = 0) =>
			runData[nodeName]?.[runIndex]?.data?.main?.[outputIndex] ?? [],
		errorOf: (nodeName, runIndex = 0) => toRecordedError(runData[nodeName]?.[runIndex]?.error),
	};
}

/** A run the engine refused before starting (e.g. WorkflowHasIssuesError), recorded as n8n records errors. */
function refusedRun(error: unknown, startedAt: Date): IRun {
	const cause = error instanceof Error ? error : new Error(String(error));
	// n8n stores a plain copy of the error with its message and stack (see WorkflowExecute's catch path).
	const recorded = { ...cause, name: cause.name, message: cause.message, stack: cause.stack };
	return {
		mode: 'manual',
		status: 'error',
		startedAt,
		stoppedAt: new Date(),
		storedAt: 'db',
		data: createRunExecutionData({
			resultData: { error: recorded as unknown as ExecutionError },
			executionData: null,
		}),
	};
}

/* ------------------------------------------------------------------------------------------------ */
/* Running workflows                                                                                 */
/* ------------------------------------------------------------------------------------------------ */

/**
 * Starts a workflow in the real engine. The promise resolves with what n8n recorded, also when the
 * workflow fails or is cancelled; it rejects only when the test set the harness up wrongly.
 */
export function startWorkflow(options: RunWorkflowOptions): StartedWorkflow {
	const { credentials, credentialTypes, inputItems = [{}], timeoutMs = 30_000 } = options;
	// The Workflow constructor writes parameter defaults into the nodes: keep the caller's JSON intact.
	const json = structuredClone(options.workflow);
	const startNodeType = createStartNodeType(inputItems);
	const nodeTypeMap: NodeTypeMap = {
		[TEST_START_NODE_TYPE]: startNodeType,
		[MANUAL_TRIGGER_NODE_TYPE]: startNodeType,
		...options.nodeTypes,
	};
	assertNodeTypesKnown(json.nodes, nodeTypeMap);

	const executionId = `test-execution-${++executionCounter}`;
	const workflowId = 'test-workflow';
	const workflow = new Workflow({
		id: workflowId,
		name: json.name,
		nodes: json.nodes,
		connections: json.connections,
		nodeTypes: new MapNodeTypes(nodeTypeMap),
		settings: json.settings ?? { executionOrder: 'v1' },
		pinData: json.pinData,
		active: false,
	});

	const hooks = new ExecutionLifecycleHooks('manual', executionId, toWorkflowBase(workflowId, json));
	const executedNodes: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		executedNodes.push(nodeName);
	});

	const startedAt = new Date();
	const additionalData = createAdditionalData(new TestCredentialsHelper(credentials, credentialTypes), {
		hooks,
		executionId,
		workflowId,
		// Checked by the engine between nodes; the timer below also stops a node that is running.
		executionTimeoutTimestamp: startedAt.getTime() + timeoutMs,
	});
	const workflowExecute = new WorkflowExecute(additionalData, 'manual');

	let execution: ReturnType<WorkflowExecute['run']>;
	try {
		execution = workflowExecute.run({
			workflow,
			startNode: chooseStartNode(workflow, json.nodes),
			pinData: json.pinData,
		});
	} catch (error) {
		return {
			promise: Promise.resolve(buildResult(refusedRun(error, startedAt), executedNodes)),
			cancel: () => undefined,
		};
	}

	const timeout = setTimeout(() => {
		workflowExecute.timedOut = true;
		execution.cancel();
	}, timeoutMs);

	const promise = execution
		.then((run) => buildResult(run, executedNodes))
		.finally(() => clearTimeout(timeout));
	return { promise, cancel: () => execution.cancel() };
}

/** Runs a workflow to its end in the real engine; see `startWorkflow`. */
export async function runWorkflow(options: RunWorkflowOptions): Promise<WorkflowRunResult> {
	return await startWorkflow(options).promise;
}

/** Reads an exported workflow JSON file (relative paths resolve against the current directory). */
export function loadWorkflowFixture(path: string): WorkflowJson {
	const parsed = JSON.parse(readFileSync(resolve(path), 'utf8')) as Partial<WorkflowJson>;
	if (!Array.isArray(parsed.nodes) || typeof parsed.connections !== 'object' || parsed.connections === null) {
		throw new Error(`${path} is not an n8n workflow export: it needs "nodes" and "connections"`);
	}
	return parsed as WorkflowJson;
}

/* ------------------------------------------------------------------------------------------------ */
/* Calling node methods as the editor does                                                            */
/* ------------------------------------------------------------------------------------------------ */

export interface NodeMethodCallOptions {
	credentials?: TestCredentials;
	credentialTypes?: ICredentialType[];
	/** The node's current parameters as the editor would send them; defaults are filled in. */
	parameters?: INodeParameters;
	/** Default: the node type's default version. */
	typeVersion?: number;
	/** Path of the parameter being edited, as the editor sends it, e.g. 'parameters.repository'. */
	path?: string;
}

export interface ListSearchCallOptions extends NodeMethodCallOptions {
	filter?: string;
	paginationToken?: string;
}

type NodeMethodGroup = 'listSearch' | 'loadOptions' | 'resourceMapping' | 'credentialTest';

function describeNodeType(nodeType: INodeType | IVersionedNodeType, typeVersion?: number) {
	const version = typeVersion ?? nodeType.description.defaultVersion ?? latestVersion(nodeType);
	return { name: nodeType.description.name, version, versioned: NodeHelpers.getVersionedNodeType(nodeType, version) };
}

function latestVersion(nodeType: INodeType | IVersionedNodeType): number {
	if ('nodeVersions' in nodeType) return nodeType.currentVersion;
	const { version } = nodeType.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

function nodeMethod(nodeType: INodeType, group: NodeMethodGroup, methodName: string): unknown {
	const method = nodeType.methods?.[group]?.[methodName];
	if (typeof method !== 'function') {
		throw new Error(`node type "${nodeType.description.name}" has no methods.${group}.${methodName}`);
	}
	return method;
}

/** A LoadOptionsContext on a one-node workflow, built as n8n's DynamicNodeParametersService builds it. */
function createLoadOptionsContext(
	nodeType: INodeType | IVersionedNodeType,
	options: NodeMethodCallOptions,
	methodName: string,
): { context: LoadOptionsContext; versionedType: INodeType } {
	const { name, version, versioned } = describeNodeType(nodeType, options.typeVersion);
	const nodeCredentials: INodeCredentials = {};
	for (const type of Object.keys(options.credentials ?? {})) {
		nodeCredentials[type] = { id: `test-${type}`, name: `Test ${type}` };
	}
	const parameters = structuredClone(options.parameters ?? {});
	const node: INode = {
		id: 'test-node',
		name: 'Test Node',
		type: name,
		typeVersion: version,
		position: [0, 0],
		parameters,
		credentials: nodeCredentials,
	};
	const workflow = new Workflow({
		id: 'test-workflow',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new MapNodeTypes({ [name]: nodeType }),
	});
	const additionalData = createAdditionalData(
		new TestCredentialsHelper(options.credentials, options.credentialTypes),
		{ currentNodeParameters: node.parameters },
	);
	const context = new LoadOptionsContext(
		workflow,
		node,
		additionalData,
		options.path ?? `parameters.${methodName}`,
	);
	return { context, versionedType: versioned };
}

/** Calls `methods.listSearch[methodName]` (a resource locator's "From list" search). */
export async function callListSearch(
	nodeType: INodeType | IVersionedNodeType,
	methodName: string,
	options: ListSearchCallOptions = {},
): Promise<INodeListSearchResult> {
	const { context, versionedType } = createLoadOptionsContext(nodeType, options, methodName);
	const method = nodeMethod(versionedType, 'listSearch', methodName) as NonNullable<
		NonNullable<INodeType['methods']>['listSearch']
	>[string];
	return await method.call(context, options.filter, options.paginationToken);
}

/** Calls `methods.loadOptions[methodName]` (an options parameter's dropdown). */
export async function callLoadOptions(
	nodeType: INodeType | IVersionedNodeType,
	methodName: string,
	options: NodeMethodCallOptions = {},
): Promise<INodePropertyOptions[]> {
	const { context, versionedType } = createLoadOptionsContext(nodeType, options, methodName);
	const method = nodeMethod(versionedType, 'loadOptions', methodName) as NonNullable<
		NonNullable<INodeType['methods']>['loadOptions']
	>[string];
	return await method.call(context);
}

/** Calls `methods.resourceMapping[methodName]` (a resource mapper's column list). */
export async function callResourceMapping(
	nodeType: INodeType | IVersionedNodeType,
	methodName: string,
	options: NodeMethodCallOptions = {},
) {
	const { context, versionedType } = createLoadOptionsContext(nodeType, options, methodName);
	const method = nodeMethod(versionedType, 'resourceMapping', methodName) as NonNullable<
		NonNullable<INodeType['methods']>['resourceMapping']
	>[string];
	return await method.call(context);
}

/**
 * Calls `methods.credentialTest[methodName]` with a CredentialTestContext, as n8n's credentials
 * tester does when a credential names a node's test function in `testedBy`.
 */
export async function callCredentialTest(
	nodeType: INodeType | IVersionedNodeType,
	methodName: string,
	credentialType: string,
	data: ICredentialDataDecryptedObject,
	options: Pick<NodeMethodCallOptions, 'typeVersion' | 'credentialTypes'> = {},
): Promise<INodeCredentialTestResult> {
	const { versioned } = describeNodeType(nodeType, options.typeVersion);
	const method = nodeMethod(versioned, 'credentialTest', methodName) as NonNullable<
		NonNullable<INodeType['methods']>['credentialTest']
	>[string];
	const credentialsHelper = new TestCredentialsHelper({ [credentialType]: data }, options.credentialTypes);
	const additionalData = createAdditionalData(credentialsHelper);
	const credentialId = `test-${credentialType}`;
	const credentialName = `Test ${credentialType}`;
	return await method.call(new CredentialTestContext(additionalData), {
		id: credentialId,
		name: credentialName,
		type: credentialType,
		data: await credentialsHelper.getDecrypted(
			additionalData,
			{ id: credentialId, name: credentialName },
			credentialType,
		),
	});
}
