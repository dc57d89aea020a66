/**
 * Tiny node and credential types that exercise one engine feature each. The harness test runs them
 * in n8n's real engine; node tests may reuse them as neighbours (a source or a sink) of a real node.
 */
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialType,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeListSearchResult,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	ResourceMapperFields,
} from 'n8n-workflow';

function describeTestNode(
	name: string,
	extra: Partial<INodeTypeDescription> = {},
): INodeTypeDescription {
	return {
		displayName: `Test ${name}`,
		name,
		group: ['transform'],
		version: 1,
		description: `Test node: ${name}`,
		defaults: { name },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
		...extra,
	};
}

/** Copies each item and adds `echoedBy` and `index`, keeping the item's lineage. */
export class EchoNode implements INodeType {
	description = describeTestNode('echo');

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output = items.flatMap((item, index) =>
			this.helpers.constructExecutionMetaData(
				this.helpers.returnJsonArray({ ...item.json, echoedBy: this.getNode().name, index }),
				{ itemData: { item: index } },
			),
		);
		return [output];
	}
}

/**
 * Fails the items whose `value` equals the `failOnValue` parameter, with a NodeOperationError or,
 * when `errorKind` is 'api', a NodeApiError carrying an HTTP code. Handles `continueOnFail()` the
 * way n8n's own nodes do: one try/catch per item.
 */
export class FailOnValueNode implements INodeType {
	description = describeTestNode('failOnValue', {
		properties: [
			{ displayName: 'Fail On Value', name: 'failOnValue', type: 'number', default: 0 },
			{
				displayName: 'Error Kind',
				name: 'errorKind',
				type: 'options',
				options: [
					{ name: 'Operation', value: 'operation' },
					{ name: 'API', value: 'api' },
				],
				default: 'operation',
			},
		],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const failOnValue = this.getNodeParameter('failOnValue', itemIndex) as number;
				if (items[itemIndex].json.value === failOnValue) {
					const errorKind = this.getNodeParameter('errorKind', itemIndex) as string;
					if (errorKind === 'api') {
						throw new NodeApiError(
							this.getNode(),
							{ message: 'Unauthorized' },
							{ httpCode: '401', itemIndex },
						);
					}
					throw new NodeOperationError(this.getNode(), `Item ${itemIndex} has the forbidden value`, {
						itemIndex,
						description: `The value ${failOnValue} is not accepted`,
					});
				}
				output.push({ json: { ...items[itemIndex].json, passed: true }, pairedItem: { item: itemIndex } });
			} catch (error) {
				if (!this.continueOnFail()) throw error;
				output.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
			}
		}
		return [output];
	}
}

export interface CancellableWaitNode {
	nodeType: INodeType;
	/** Resolves when the node has started waiting. */
	started: Promise<void>;
	/** True once the node saw the execution's cancel signal fire. */
	sawCancellation(): boolean;
}

/**
 * A node that waits until the execution is cancelled, watching `getExecutionCancelSignal()`, then
 * stops. It gives up after `giveUpAfterMs` so a harness that never cancels fails fast.
 */
export function createCancellableWaitNode(giveUpAfterMs = 10_000): CancellableWaitNode {
	let markStarted: () => void = () => undefined;
	const started = new Promise<void>((resolve) => (markStarted = resolve));
	let cancelled = false;
	const nodeType: INodeType = {
		description: describeTestNode('waitForCancel'),
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const signal = this.getExecutionCancelSignal();
			if (signal === undefined) throw new NodeOperationError(this.getNode(), 'The engine gave no cancel signal');
			markStarted();
			await new Promise<void>((resolve) => {
				const giveUp = setTimeout(resolve, giveUpAfterMs);
				signal.addEventListener(
					'abort',
					() => {
						cancelled = true;
						clearTimeout(giveUp);
						resolve();
					},
					{ once: true },
				);
			});
			return [this.getInputData().map((item, index) => ({ json: { ...item.json, cancelled }, pairedItem: { item: index } }))];
		},
	};
	return { nodeType, started, sawCancellation: () => cancelled };
}

/** Turns each item's `text` into a binary property `data` (a text file) with `prepareBinaryData`. */
export class MakeBinaryNode implements INodeType {
	description = describeTestNode('makeBinary');

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const text = String(items[itemIndex].json.text);
			const data = await this.helpers.prepareBinaryData(Buffer.from(text, 'utf8'), `note-${itemIndex}.txt`, 'text/plain');
			output.push({ json: {}, binary: { data }, pairedItem: { item: itemIndex } });
		}
		return [output];
	}
}

/** Reads the binary property `data` of each item back into `json.text`. */
export class ReadBinaryNode implements INodeType {
	description = describeTestNode('readBinary');

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const binary = this.helpers.assertBinaryData(itemIndex, 'data');
			const buffer = await this.helpers.getBinaryDataBuffer(itemIndex, 'data');
			output.push({
				json: { text: buffer.toString('utf8'), fileName: binary.fileName ?? null },
				pairedItem: { item: itemIndex },
			});
		}
		return [output];
	}
}

/** A token credential in the style of this package's credentials: declarative `authenticate`. */
export class TestApiCredential implements ICredentialType {
	name = 'testApi';

	displayName = 'Test API';

	properties = [
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string' as const, default: '' },
		{
			displayName: 'Token',
			name: 'token',
			type: 'string' as const,
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Page Size', name: 'pageSize', type: 'number' as const, default: 2 },
	];

	authenticate = {
		type: 'generic' as const,
		properties: { headers: { Authorization: '=token {{$credentials.token}}' } },
	};
}

interface RepositoryPage {
	repositories: string[];
	next?: string;
}

/**
 * A node that talks to a "Test API" (a server the test runs) with its credential, in `execute`
 * and in each kind of node method.
 */
export class CredentialedNode implements INodeType {
	description = describeTestNode('credentialed', {
		credentials: [{ name: 'testApi', required: true, testedBy: 'testApiConnection' }],
		properties: [
			{ displayName: 'Owner', name: 'owner', type: 'string', default: 'octo' },
			{ displayName: 'Label Prefix', name: 'labelPrefix', type: 'string', default: '' },
		],
	});

	methods = {
		listSearch: {
			async searchRepositories(
				this: ILoadOptionsFunctions,
				filter?: string,
				paginationToken?: string,
			): Promise<INodeListSearchResult> {
				const { baseUrl, pageSize } = await this.getCredentials('testApi');
				const page = (await this.helpers.httpRequestWithAuthentication.call(this, 'testApi', {
					url: `${String(baseUrl)}/repos`,
					qs: { q: filter ?? '', page: paginationToken ?? '1', limit: pageSize as number },
					json: true,
				})) as RepositoryPage;
				return {
					results: page.repositories.map((name) => ({ name, value: name })),
					paginationToken: page.next,
				};
			},
		},
		loadOptions: {
			async getLabels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const owner = this.getCurrentNodeParameter('owner') as string;
				const prefix = this.getNodeParameter('labelPrefix', '') as string;
				return ['bug', 'ci'].map((label) => ({ name: `${prefix}${label}`, value: `${owner}/${label}` }));
			},
		},
		resourceMapping: {
			async getColumns(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
				const { baseUrl } = await this.getCredentials('testApi');
				return {
					fields: [
						{ id: 'title', displayName: `Title (${String(baseUrl)})`, required: true, defaultMatch: false, display: true, type: 'string' },
					],
				};
			},
		},
		credentialTest: {
			async testApiConnection(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>,
			): Promise<INodeCredentialTestResult> {
				const data = credential.data ?? {};
				try {
					await this.helpers.request({
						uri: `${String(data.baseUrl)}/user`,
						headers: { Authorization: `token ${String(data.token)}` },
						json: true,
					});
					return { status: 'OK', message: 'Connection successful' };
				} catch (error) {
					return { status: 'Error', message: `Connection failed: ${(error as Error).message}` };
				}
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const { baseUrl } = await this.getCredentials('testApi');
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const user = (await this.helpers.httpRequestWithAuthentication.call(this, 'testApi', {
				url: `${String(baseUrl)}/user`,
				json: true,
			})) as IDataObject;
			output.push({ json: { user }, pairedItem: { item: itemIndex } });
		}
		return [output];
	}
}
