// Typed access from jest to scripts/lib/sandbox.mjs, the local sandbox `npm start` runs when no
// services are configured. The module is ESM, so jest must run with --experimental-vm-modules (as
// `npm test` does).
import { join } from 'node:path';

import type { FixtureCluster } from './fixture-cluster';
import type { GiteaStandin } from './gitea-standin';
import type { KubernetesMcpServer } from './kubernetes-mcp-server';

export type SandboxService = 'cluster' | 'mcp' | 'gitea' | 'mail';

export interface SandboxOptions<S extends SandboxService> {
	/** Progress lines; default: none. */
	log?: (line: string) => void;
	/** Start only these services; `mcp` brings `cluster` along. Default: all. */
	only?: S[];
	/** Fixed MailDev ports; default: free ones. */
	mailPorts?: { smtp?: number; web?: number };
}

export interface SandboxEmailAddress {
	address: string;
	name: string;
}

/** An email as MailDev parsed it. */
export interface SandboxEmail {
	id: string;
	time: string;
	subject: string;
	from: SandboxEmailAddress[];
	to: SandboxEmailAddress[];
	cc: SandboxEmailAddress[];
	text: string;
	/** MailDev sanitises a message's HTML in place once its web UI has opened that message. */
	html: string;
	headers: Record<string, string | string[]>;
}

export interface SandboxParts {
	cluster: {
		url: string;
		kubeconfigPath: string;
		/** The failed pods the fixture cluster serves, by scenario name. */
		scenarios: { name: string; namespace: string; podName: string }[];
		fixture: FixtureCluster;
	};
	mcp: { url: string; transport: 'streamable-http'; server: KubernetesMcpServer };
	gitea: {
		url: string;
		token: string;
		owner: string;
		repo: string;
		/** Read-only HTML list of the repository's issues. */
		webUrl: string;
		standin: GiteaStandin;
	};
	mail: {
		smtpHost: string;
		smtpPort: number;
		/** MailDev's web inbox; its REST API is under the same address. */
		webUrl: string;
		listEmails(): Promise<SandboxEmail[]>;
		/** The first email that matches, asking again until `timeoutMs` (default 10 s) has passed. */
		waitForEmail(matches?: (email: SandboxEmail) => boolean, timeoutMs?: number): Promise<SandboxEmail>;
		clear(): Promise<void>;
	};
}

type WithDependencies<S extends SandboxService> = S | ('mcp' extends S ? 'cluster' : never);

export type Sandbox<S extends SandboxService = SandboxService> = { [K in WithDependencies<S>]: SandboxParts[K] } & {
	/** The configuration contract's variables pointing at the started services, and a WEBHOOK_TOKEN. */
	env: Record<string, string>;
	/** Stops every service; safe to call more than once. */
	stop(): Promise<void>;
};

const sandboxModule = join(__dirname, '..', '..', 'scripts', 'lib', 'sandbox.mjs');

/** Starts the sandbox through scripts/lib/sandbox.mjs; see SandboxOptions. */
export async function startSandbox<S extends SandboxService = SandboxService>(options: SandboxOptions<S> = {}): Promise<Sandbox<S>> {
	const { startSandbox: start } = (await import(sandboxModule)) as {
		startSandbox: (options: SandboxOptions<S>) => Promise<Sandbox<S>>;
	};
	return await start(options);
}
