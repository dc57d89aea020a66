// Typed access from jest to scripts/lib/n8n-instance.mjs, which starts a real n8n. The module is
// ESM, so jest must run with --experimental-vm-modules (as `npm test` does).
import { join } from 'node:path';

export interface CredentialSeed {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	webhookId?: string;
	disabled?: boolean;
	credentials?: Record<string, { id: string; name: string }>;
}

export interface WorkflowJson {
	id?: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface StartN8nOptions {
	/** A built community package: package.json, dist/ and the other `files`. */
	packageDir?: string;
	/** Defaults to a temp folder that stop() removes. */
	userFolder?: string;
	/** Defaults to N8N_PORT, else a free port. */
	port?: number;
	env?: Record<string, string>;
	credentials?: CredentialSeed[];
	/** Paths of workflow JSON files, or workflow objects. */
	workflows?: (string | WorkflowJson)[];
	/** Publish (activate) the imported workflows; default true. */
	publish?: boolean;
	version?: string;
	startTimeoutMs?: number;
	/** Progress lines (install, import, start); default: none. */
	log?: (line: string) => void;
	/** Every line n8n prints; default: none (the last lines are in errors and output()). */
	onN8nOutput?: (line: string) => void;
}

export interface ImportedWorkflow {
	id: string;
	name: string;
	webhooks: { method: string; path: string }[];
}

export interface OwnerDetails {
	email?: string;
	password?: string;
	firstName?: string;
	lastName?: string;
}

export interface N8nSession {
	email: string;
	password: string;
	/** The auth cookie and the browser-id header it is bound to. */
	headers: Record<string, string>;
	request(path: string, init?: RequestInit): Promise<Response>;
	/** Rejects on a non-2xx answer, with its body in the message. */
	json<T>(path: string, init?: RequestInit): Promise<T>;
}

export interface N8nInstance {
	baseUrl: string;
	port: number;
	userFolder: string;
	workflows: ImportedWorkflow[];
	/** Runs the n8n CLI against this instance's user folder and settings. */
	cli(args: string[]): Promise<{ stdout: string; stderr: string }>;
	/** Sets up the owner account on the first call, then logs in. */
	ownerLogin(details?: OwnerDetails): Promise<N8nSession>;
	/** The last lines n8n printed. */
	output(): string;
	stop(): Promise<void>;
}

const instanceModule = join(__dirname, '..', '..', 'scripts', 'lib', 'n8n-instance.mjs');

/** Starts a real n8n through scripts/lib/n8n-instance.mjs; see StartN8nOptions. */
export async function startN8n(options: StartN8nOptions): Promise<N8nInstance> {
	const { startN8n: start } = (await import(instanceModule)) as {
		startN8n: (options: StartN8nOptions) => Promise<N8nInstance>;
	};
	return await start(options);
}
