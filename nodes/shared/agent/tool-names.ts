import unhomoglyph from 'unhomoglyph';

/**
 * What a tool's name says it does, read the way a hostile server cannot dodge: the name is NFKC
 * normalised, split into words at every separator (`_ . - / :` and spaces) and at camelCase
 * humps, and each word is reduced to its Unicode TR39 confusable skeleton (unhomoglyph, generated
 * from Unicode's confusables.txt), so `pоds_dеlеtе` with Cyrillic letters reads as `pods_delete`.
 * Skeletons also fold ASCII look-alikes (`m` and `rn`, `l` and `1`), so every word list below is
 * compared by skeleton too.
 */

/** Longer names are not split: no server needs them, and the checks stay linear and cheap. */
export const MAX_TOOL_NAME_LENGTH = 256;

function skeleton(word: string): string {
	return unhomoglyph(word.normalize('NFKC').toLowerCase());
}

const skeletonSet = (words: readonly string[]) => new Set(words.map(skeleton));

/** The name's words, skeletons, in order; undefined when the name is too long to read. */
export function toolNameWords(name: string): string[] | undefined {
	if (name.length > MAX_TOOL_NAME_LENGTH) return undefined;
	const normalised = name.normalize('NFKC');
	// Humps: `podsDelete` → `pods Delete`, `HTTPGet` → `HTTP Get`, `v1Pods` → `v1 Pods`.
	const spaced = normalised.replace(/(\p{Ll}|\p{Nd})(\p{Lu})/gu, '$1 $2').replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2');
	return spaced
		.split(/[^\p{L}\p{N}]+/u)
		.filter(Boolean)
		.map(skeleton);
}

/**
 * Verbs that change a cluster, a repository or a server (`delete`, `exec`, `apply`, `merge`, …),
 * and their third-person forms. A name with one of them as a word, or as part of a run-together
 * word whose other parts are known nouns (`podsdelete`, `deletepods`), is destructive. Words that
 * are read-only tools' nouns as often as verbs (`release`, `label`, `commit`) are left out.
 */
const DESTRUCTIVE_VERBS = skeletonSet([
	'abort', 'add', 'annotate', 'apply', 'approve', 'archive', 'assign', 'attach', 'cancel', 'clear', 'clone', 'close', 'cordon', 'cp',
	'create', 'debug', 'delete', 'deploy', 'destroy', 'dismiss', 'dispatch', 'drain', 'drop', 'edit', 'evict', 'exec', 'execute', 'expose', 'fork', 'forward',
	'grant', 'import', 'insert', 'install', 'invite', 'invoke', 'kill', 'lifecycle', 'lock', 'manage', 'merge', 'modify', 'move', 'mutate', 'patch',
	'pause', 'portforward', 'post', 'prune', 'purge', 'push', 'put', 'reboot', 'rebase', 'redeploy', 'reject', 'remove', 'rename', 'reopen',
	'replace', 'rerun', 'reset', 'restart', 'restore', 'resume', 'retry', 'revert', 'revoke', 'rm', 'rollback', 'rollout', 'rotate', 'run', 'scale',
	'send', 'set', 'shutdown', 'start', 'stop', 'submit', 'suspend', 'sync', 'taint', 'terminate', 'transfer', 'trigger', 'truncate', 'uncordon', 'undo',
	'uninstall', 'unlock', 'unset', 'update', 'upgrade', 'upload', 'upsert', 'wipe', 'write',
]);

/** Verbs whose plural is a noun of read-only tools (`list_repo_action_runs`, `patches`, `stops`): only the bare verb counts. */
const VERBS_WITHOUT_PLURAL = skeletonSet(['run', 'patch', 'push', 'set', 'post', 'lock', 'merge', 'drop', 'start', 'stop', 'sync', 'close', 'put', 'add']);

/** Nouns a run-together name may combine with a verb (`podsdelete`, `helminstall`, `nodedrain`). */
const NAME_NOUNS = skeletonSet([
	'action', 'all', 'app', 'branch', 'chart', 'cluster', 'comment', 'commit', 'config', 'configmap', 'container', 'cronjob', 'daemonset', 'data',
	'deployment', 'file', 'helm', 'image', 'ingress', 'issue', 'job', 'key', 'label', 'milestone', 'namespace', 'node', 'object', 'org', 'pipeline',
	'pipelinerun', 'pod', 'pr', 'project', 'pull', 'pvc', 'release', 'replicaset', 'repo', 'request', 'resource', 'review', 'role', 'route', 'secret',
	'service', 'statefulset', 'tag', 'task', 'taskrun', 'team', 'token', 'user', 'variable', 'vm', 'volume', 'webhook', 'wiki', 'workflow', 'workload',
]);

const PLURAL_ENDINGS = ['', 's', 'es'];

function isVerb(word: string): boolean {
	if (DESTRUCTIVE_VERBS.has(word)) return true;
	return PLURAL_ENDINGS.some((ending) => {
		if (!ending || !word.endsWith(ending)) return false;
		const stem = word.slice(0, word.length - ending.length);
		return DESTRUCTIVE_VERBS.has(stem) && !VERBS_WITHOUT_PLURAL.has(stem);
	});
}

function isNoun(word: string): boolean {
	return PLURAL_ENDINGS.some((ending) => word.endsWith(ending) && NAME_NOUNS.has(word.slice(0, word.length - ending.length)));
}

/** Longest verb or noun skeleton with an ending (`deployrnents`). */
const MAX_PART_LENGTH = 20;

/**
 * Whether a run-together word splits into known nouns and verbs with at least one verb, preferring
 * the split with the fewest parts (`pipelinerun` is one noun, not `pipeline` + `run`).
 */
function compoundHasVerb(word: string): boolean {
	// fewest[i]: the fewest parts covering word[0, i) and whether that split has a verb.
	const fewest: Array<{ parts: number; verb: boolean } | undefined> = [{ parts: 0, verb: false }];
	for (let end = 1; end <= word.length; end++) {
		for (let start = Math.max(0, end - MAX_PART_LENGTH); start < end; start++) {
			const before = fewest[start];
			if (!before) continue;
			const part = word.slice(start, end);
			const verb = isVerb(part);
			if (!verb && !isNoun(part)) continue;
			const candidate = { parts: before.parts + 1, verb: before.verb || verb };
			const current = fewest[end];
			if (!current || candidate.parts < current.parts || (candidate.parts === current.parts && candidate.verb && !current.verb)) {
				fewest[end] = candidate;
			}
		}
	}
	return fewest[word.length]?.verb === true && (fewest[word.length]?.parts ?? 0) > 1;
}

/** `destructiveName`: a word of the name is a destructive verb, alone or run together with nouns. */
export function hasDestructiveWord(words: readonly string[]): boolean {
	return words.some((word) => isVerb(word) || compoundHasVerb(word));
}

const CREDENTIAL_NOUNS = skeletonSet(['kubeconfig', 'kubecfg', 'credential', 'credentials', 'creds', 'token', 'tokens', 'password', 'passwords', 'passwd', 'apikey', 'apikeys']);
const CONFIG_NOUNS = skeletonSet(['config', 'configuration', 'cfg', 'conf']);
const SHOW_VERBS = skeletonSet(['view', 'views', 'dump', 'show', 'print', 'export', 'display', 'cat', 'raw', 'get']);

/**
 * `credentialDump`: names that print credentials. kubernetes-mcp-server's `configuration_view`
 * prints its kubeconfig, bearer token included; its look-alikes (`configurationView`,
 * `kubeconfig_view`, `config_view`, `view_config`, `get_kubeconfig`) and tools named after tokens
 * or passwords count too.
 */
export function isCredentialDumpName(words: readonly string[]): boolean {
	if (words.some((word) => CREDENTIAL_NOUNS.has(word) || compoundOf(word, CREDENTIAL_NOUNS))) return true;
	const config = words.some((word) => CONFIG_NOUNS.has(word));
	const shows = words.some((word) => SHOW_VERBS.has(word));
	return (config && shows) || words.some((word) => compoundOfBoth(word, CONFIG_NOUNS, SHOW_VERBS));
}

function compoundOf(word: string, nouns: Set<string>): boolean {
	for (const noun of nouns) if (word.length > noun.length && (word.startsWith(noun) || word.endsWith(noun))) return true;
	return false;
}

function compoundOfBoth(word: string, first: Set<string>, second: Set<string>): boolean {
	for (const a of first) {
		for (const b of second) if (word === a + b || word === b + a) return true;
	}
	return false;
}

const SECRET_WORDS = skeletonSet(['secret', 'secrets', 'secretlist']);

/** `secretName`: the name is about Kubernetes (or CI) Secrets: `get_secret`, `secrets_list`, `list_repo_action_secrets`. */
export function isSecretWord(word: string): boolean {
	return SECRET_WORDS.has(word);
}

/** A value as the Secret checks compare it: NFKC, lower case, confusable skeleton. */
export function secretSkeleton(value: string): string {
	return skeleton(value.trim());
}
