/**
 * The redaction rule table: every regular expression redaction runs, and the word lists that decide
 * what a key or a value is. Each pattern here is checked by a ReDoS checker (recheck) in a test and
 * held to under 1 s on a 1 MB line built against it. Patterns find candidates only; the scanners
 * beside this file decide with plain code, so no pattern needs backtracking over an unbounded run.
 * The families and what each keeps are listed in this folder's README.
 */

/** Words inside a key that may name a secret; the key around a hit is then read and judged in code. */
const KEY_HINT_WORDS = ['pass', 'pwd', 'secret', 'token', 'key', 'auth', 'cred', 'sig', 'cookie'];

/**
 * `[pP][aA][sS][sS]|…`: case-insensitive without the `i` flag, which keeps V8 on its fast path
 * (measured 2.5× faster on a build log).
 */
const anyCase = (words: string[]) => words.map((word) => [...word].map((c) => `[${c}${c.toUpperCase()}]`).join('')).join('|');

/**
 * Every pattern redaction runs, by name. Global patterns are used with `lastIndex` from one scan.
 * A minimum length is a lookahead (`(?=[…]{20})[…]+`), not `{20,}`: V8 keeps one backtrack entry per
 * character of a `{n,}` run and overflows its stack on a run of a few megabytes.
 */
export const PATTERNS = {
	/** A word inside a key that may name a secret (`pw` only at the end of a word: `bind_pw`). */
	keyHint: new RegExp(`${anyCase(KEY_HINT_WORDS)}|[pP][wW]\\b`, 'g'),
	/** Tools whose `-p` (or redis-cli's `-a`) flag takes a password. */
	passwordFlagTool: /\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump|sshpass|redis-cli|sqlcmd|mongo|mongosh|mongodump|mongorestore|ldapsearch|ldapmodify|ldapadd|ldapdelete)\b|\b(?:docker|podman|nerdctl|buildah|skopeo|oras|crane|helm registry)\s+login\b/g,
	/** `-pSECRET`, `-p SECRET`, `-P SECRET`, `-a SECRET` or `-w SECRET` after such a tool on the same line. */
	shortPasswordFlag: /(?:^|[ \t])-([paPw])(?:[ \t]+|(?=[^\s-]))([^\s'"]+|'[^'\n]*'|"[^"\n]*")/g,
	/** `curl -u user:pw`, `--user user:pw`, `--proxy-user user:pw`. */
	userFlag: /(?:^|[ \t])(?:-u|-U|--user|--proxy-user)(?:[ \t]+|=)(['"]?)([^\s:'"]*):([^\s'"]+)\1/g,
	/** The `://` after a URL's scheme; the scheme before it is read in code. */
	urlScheme: /:\/\//g,
	/** `Bearer <token>` anywhere, also outside a header. */
	bearer: /\b(Bearer[ \t]+)(?!\[REDACTED)((?=[A-Za-z0-9._~+/-]{12})[A-Za-z0-9._~+/-]+=*)/g,
	/** A JSON Web Token (its three parts are checked for length in code). */
	jwt: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g,
	/** A PEM armour line of a private key (BEGIN or END). */
	pemArmour: /-----(BEGIN|END) ([A-Z0-9 ]{0,40}PRIVATE KEY[A-Z ]{0,10})-----/g,
	/** Where a text may hold a Kubernetes Secret (YAML or JSON, escaped or not). */
	secretKind: /kind\\?["']?[ \t]*:[ \t]*\\?["']?Secret\b/,
	/** The characters a JSON scan stops at: quotes and structure (everything else is skipped in one step). */
	jsonStructure: /["{}[\],]/g,
	/** The same inside a JSON string, where the quote is `\"`. */
	escapedJsonStructure: /\\"|[{}[\],]/g,
	/** A YAML block scalar indicator (`|`, `>-`, `|2`): the value is on the lines below. */
	yamlBlockScalar: /^[|>][+-]?\d?$/,
} as const;

/** Provider token formats that secretlint's recommended rules lack; one line each, anchored on a fixed prefix. */
export const PROVIDER_PATTERNS: Record<string, RegExp> = {
	/** PyPI API tokens (macaroons): "pypi-" and a long base64url body. */
	pypi: /(?<![A-Za-z0-9])pypi-(?=[A-Za-z0-9_-]{50})[A-Za-z0-9_-]+/g,
	/** Google API keys. */
	'google-api-key': /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g,
	/** Bare AWS access key IDs, long-lived (AKIA) and temporary (ASIA) among them. */
	'aws-access-key-id': /\b(?:A3T[A-Z0-9]|AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{16}\b/g,
	/** `sk-` API keys of OpenAI-compatible endpoints (LiteLLM virtual keys, OpenAI, DeepSeek, Anthropic). */
	'sk-api-key': /(?<![A-Za-z0-9_-])sk-(?=[A-Za-z0-9_-]{16})[A-Za-z0-9_-]+/g,
	/** DigitalOcean personal, OAuth and refresh tokens. */
	digitalocean: /(?<![A-Za-z0-9_])do[por]_v1_[a-f0-9]{64}(?![a-f0-9])/g,
	/** Doppler tokens. */
	doppler: /(?<![A-Za-z0-9_.])dp\.(?:pt|st|sa|ct|scim)\.(?=[A-Za-z0-9]{40})[A-Za-z0-9]+/g,
	/** Pulumi access tokens. */
	pulumi: /(?<![A-Za-z0-9_-])pul-[a-f0-9]{40}(?![a-f0-9])/g,
	/** Postman API keys. */
	postman: /(?<![A-Za-z0-9_-])PMAK-[a-f0-9]{24}-[a-f0-9]{34}(?![a-f0-9])/g,
	/** age secret keys. */
	age: /(?<![A-Za-z0-9_-])AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}/g,
	/** Sentry user and organisation tokens. */
	sentry: /(?<![A-Za-z0-9+/=_-])sntry[su]_(?=[A-Za-z0-9+/=_-]{40})[A-Za-z0-9+/=_-]+/g,
	/** Atlassian API tokens. */
	atlassian: /(?<![A-Za-z0-9_=-])ATATT3(?=[A-Za-z0-9_=-]{180})[A-Za-z0-9_=-]+/g,
};

/**
 * A key names a secret when one of its segments (split on `_ - . :` and camelCase, lowercased) ends
 * with one of these words (`dbpassword`, `identitytoken`, `clientsecret`).
 */
export const SECRET_WORD_ENDINGS = ['password', 'passwd', 'passphrase', 'passcode', 'secret', 'token', 'apikey', 'accesskey', 'privatekey', 'accountkey', 'secretkey', 'credential', 'credentials'];
/** Whole segments that name a secret only on their own (`pass` but not `bypass`, `auth` but not `author`). */
export const SECRET_SEGMENTS = new Set([
	'pass', 'pwd', 'pw', 'auth', 'sig', 'signature', 'cookie', 'creds', 'sas', 'passwd',
	// keytool and openssl: `-storepass x`, `-keypass x`, `-passin pass:x`.
	'storepass', 'keypass', 'srcstorepass', 'deststorepass', 'srckeypass', 'destkeypass', 'passin', 'passout',
]);
/** The short flag that takes a password, by tool (`-p` for the rest): `sqlcmd -P`, `redis-cli -a`, `ldapsearch -w`. */
export const PASSWORD_FLAG_LETTER: Record<string, string> = { sqlcmd: 'P', 'redis-cli': 'a', ldapsearch: 'w', ldapmodify: 'w', ldapadd: 'w', ldapdelete: 'w' };
/** Two adjacent segments that name a key (`api_key`, `x-api-key`, `AccountKey`, `Ocp-Apim-Subscription-Key`). */
export const SECRET_KEY_QUALIFIERS = new Set(['api', 'access', 'private', 'secret', 'account', 'subscription', 'master', 'encryption', 'signing', 'license', 'shared', 'client', 'storage', 'session', 'auth']);
/** In a URL's query only: `?key=`, `&code=` style names that are credentials there. */
export const URL_ONLY_SECRET_NAMES = new Set(['key', 'code', 'sig', 'signature', 'auth']);
/**
 * A last segment that makes the key describe a secret rather than hold one: `secretName`,
 * `token_type`, `password_file`, `max_tokens` (plural segments never match), `--password-stdin`.
 */
export const NOT_A_SECRET_LAST_SEGMENTS = new Set([
	'name', 'names', 'ref', 'refs', 'file', 'files', 'path', 'paths', 'dir', 'url', 'uri', 'endpoint', 'type', 'kind', 'length', 'len', 'size',
	'count', 'ttl', 'expiry', 'expires', 'expiration', 'timeout', 'policy', 'mode', 'enabled', 'required', 'stdin', 'env', 'format', 'version',
	'provider', 'helper', 'field', 'template', 'source', 'mount', 'rotation', 'min', 'max', 'prefix', 'location', 'header', 'hint', 'id', 'ids',
	'method', 'scheme', 'plugin', 'backend', 'manager', 'validation', 'strength', 'reset', 'changed', 'updated', 'created', 'set', 'exists', 'store',
]);
/** `secret_id` (Vault AppRole) is a secret although `…_id` is not. */
export const SECRET_ID_QUALIFIERS = new Set(['secret']);

/**
 * First words of a value that make it prose, not a secret: `token: permission denied`,
 * `failed to read token: open /var/…: no such file`, `invalid token: the token has expired`.
 */
export const PROSE_WORDS = new Set([
	'a', 'an', 'the', 'is', 'are', 'was', 'were', 'be', 'been', 'has', 'have', 'had', 'not', 'no', 'none', 'nil', 'null', 'undefined', 'empty',
	'missing', 'invalid', 'expired', 'denied', 'permission', 'forbidden', 'unauthorized', 'unauthorised', 'failed', 'failure', 'error', 'errors',
	'open', 'read', 'write', 'cannot', 'can', 'could', 'unable', 'context', 'connection', 'timeout', 'timed', 'deadline', 'required', 'must',
	'should', 'will', 'did', 'does', 'do', 'unknown', 'malformed', 'bad', 'wrong', 'incorrect', 'mismatch', 'revoked', 'rejected', 'refused',
	'set', 'unset', 'found', 'changed', 'updated', 'rotated', 'generated', 'created', 'deleted', 'saved', 'loaded', 'stored', 'ok', 'done',
	'true', 'false', 'yes', 'no', 'on', 'off', 'see', 'use', 'using', 'from', 'for', 'to', 'in', 'of', 'with', 'without', 'at', 'by',
	'request', 'get', 'post', 'dial', 'lookup', 'stat', 'eof', 'unexpected', 'too', 'exceeded', 'mounted', 'projected', 'secret', 'token',
]);

/** Values that stand for a secret without being one: placeholders, masks, references. */
export const PLACEHOLDER_VALUE = /^(?:\*\*|•|xxx|\.{3}|…|<[A-Za-z0-9 _./-]{0,60}>|\$\{|\$\(|\$[A-Za-z_]|\{\{|%s|%\(|#\{|\[REDACTED|\[hidden\]|\[masked\]|\[withheld\]|REDACTED|changeme$|true$|false$|null$|nil$|none$|undefined$|yes$|no$|on$|off$|-$)/i;

/** Authorization schemes kept in front of the redacted credentials. */
export const AUTH_SCHEMES = new Set(['bearer', 'basic', 'token', 'digest', 'negotiate', 'ntlm', 'aws4-hmac-sha256', 'apikey', 'api-key', 'key', 'sswss', 'ssws', 'oauth', 'jwt', 'bot', 'splunk', 'googlelogin', 'hmac']);

/** Hash prefixes: a base64 or hex value after one is a digest used as an ID (go.sum, npm integrity, image digests). */
export const HASH_PREFIX = /(?:sha(?:1|224|256|384|512)|md5|h1)[:-]$/i;
/** A run that starts with its own hash prefix (npm's `sha512-…` integrity). */
export const HASH_RUN_PREFIX = /^(?:sha(?:1|224|256|384|512)|md5)-/i;

/**
 * High-entropy values: a base64-alphabet run of at least `minLength` characters with upper case,
 * lower case and digits, that is not hex (git SHAs, digests) nor a UUID, and that looks random
 * rather than like an identifier. Measured on random base64 tokens against identifiers seen in
 * logs (`AbstractAutowireCapableBeanFactory2`, `getUserById2FromDatabase`; the table is in
 * test/unit/redact/entropy.test.ts): Shannon entropy alone does not part them (identifiers score
 * 3.6–4.3 bits a character, random 20-character tokens 3.4–4.3), so two shape measures are added.
 */
export const ENTROPY = {
	minLength: 20,
	/** Bits per character; random tokens of 20+ characters score at least about 3.5. */
	minBitsPerChar: 3.5,
	/** Identifiers are mostly words (`[A-Z]?[a-z]{3,}`, `[A-Z]{3,}`): 0.75–0.97 of their characters; random tokens mostly under 0.6. */
	maxWordFraction: 0.6,
	/** Random tokens switch between upper case, lower case and digits at about 0.6 of their neighbours; identifiers at 0.2–0.3. */
	minClassSwitchRate: 0.3,
	/** From this length on, a mixed-case base64 run is key material whatever its make-up (a PEM body line). */
	blobLength: 60,
	/** A long run with `/` in it counts as key material above this (random base64 scores about 5.3, paths about 4). */
	minBlobBitsPerChar: 4.6,
} as const;
