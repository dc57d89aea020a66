/**
 * The tokens that change between runs of the same failure, and nothing else: times, durations,
 * process ids, UUIDs and long hex, commit hashes where a commit is meant, addresses, temporary
 * paths, request ids. Status codes, ports, versions, file paths, line numbers and test names stay,
 * because they are what tells two failures apart. Each rule is named and listed in the triage
 * README; every pattern runs in linear time (no nested or overlapping quantifiers).
 */
import { isIPv4, isIPv6 } from 'node:net';

type Replacer = (match: string, ...groups: string[]) => string;

interface VolatileRule {
	name: string;
	pattern: RegExp;
	replace: string | Replacer;
}

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const WEEKDAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const TIME_OF_DAY = '(?:[01]?\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:[.,]\\d{1,9})?';
const ZONE = '(?: ?(?:Z|UTC|GMT|[+-]\\d{2}:?\\d{2}|[A-Z]{1,3}T)(?: UTC)?)?';
const DURATION_UNIT = '(?:ns|µs|us|ms|s|sec|secs|seconds?|m|min|mins|minutes?|h)';

const hasDigit = (text: string) => /\d/.test(text);
const hasHexLetter = (text: string) => /[a-f]/i.test(text);
const looksLikeHash = (hex: string) => hasDigit(hex) && hasHexLetter(hex);

/** Ports the kernel hands out (Linux ip_local_port_range): chosen per run, never configured. */
const isEphemeralPort = (port: number) => port >= 32768 && port <= 60999;

/** Where the run of characters that pass `belongs` at the end of `text` starts (scanned from the end: no regex backtracking). */
function trailingRunStart(text: string, belongs: (char: string) => boolean): number {
	let start = text.length;
	while (start > 0 && belongs(text[start - 1])) start--;
	return start;
}
const isDigit = (char: string) => char >= '0' && char <= '9';
const isAlphanumeric = (char: string) => isDigit(char) || (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z');

/** A random run in a temporary name: mixed case, or a digit followed by a letter (`a9x`, `3j2`). */
const looksRandom = (run: string) => (/[a-z]/.test(run) && /[A-Z]/.test(run)) || /\d[A-Za-z]/.test(run);

/** One segment of a path under a temporary folder, with what the tools that make them generate replaced. */
function temporarySegment(segment: string): string {
	if (/^tmp[._-]?[A-Za-z0-9_]{6,}$/.test(segment)) return '<tmp>'; // mktemp tmp.XXXXXXXXXX, Python tmpXXXXXXXX
	if (/^pytest-\d+$/.test(segment)) return 'pytest-<n>'; // pytest's numbered session folders
	const digits = trailingRunStart(segment, isDigit); // Go's os.MkdirTemp, Java's createTempFile
	if (segment.length - digits >= 5) return `${segment.slice(0, digits)}<n>`;
	const run = trailingRunStart(segment, isAlphanumeric); // Node's fs.mkdtemp, mktemp -t name.XXXXXX
	if (segment.length - run >= 6 && looksRandom(segment.slice(run))) return `${segment.slice(0, run)}<tmp>`;
	return segment;
}

const TEMP_PATH_CHARS = "[^\\s'\"`:;,()\\[\\]<>|]*";

/** Applied in order: dates before bare times, UUIDs before hex, addresses before ports. */
export const VOLATILE_RULES: VolatileRule[] = [
	{ name: 'uuid', pattern: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, replace: '<uuid>' },
	{
		name: 'iso-timestamp',
		// 2026-11-20T10:21:37.412Z, 2026-11-20 10:21:37,551, npm's 2026-11-20T10_21_37_123Z, … +0000 UTC
		pattern: new RegExp(`\\b\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}[:_]\\d{2}(?:[:_]\\d{2}(?:[.,_]\\d{1,9})?)?${ZONE}`, 'g'),
		replace: '<time>',
	},
	{
		name: 'klog-header',
		// E1120 10:21:39.000872       1 reflector.go:147] — the level stays, the date, time and thread id go
		pattern: /\b([IWEF])\d{4} \d{2}:\d{2}:\d{2}\.\d{6} +\d+ /g,
		replace: '$1<time> <tid> ',
	},
	{
		name: 'numeric-date-time',
		// Go's log 2026/11/20 10:21:37, Spark's 24/11/20 10:21:37, 20.11.2026 10:21:37
		pattern: new RegExp(`\\b\\d{2,4}[/.]\\d{1,2}[/.]\\d{2,4}[ T]${TIME_OF_DAY}`, 'g'),
		replace: '<time>',
	},
	{
		name: 'access-log-date',
		pattern: new RegExp(`\\b\\d{1,2}/${MONTH}/\\d{4}:\\d{2}:\\d{2}:\\d{2}(?: [+-]\\d{4})?`, 'g'),
		replace: '<time>',
	},
	{
		name: 'named-month-date',
		// syslog Dec  6 10:21:37, date(1) Fri Dec  6 10:21:37 UTC 2024, HTTP Fri, 20 Nov 2026 10:21:37 GMT, Java Dec 6, 2024 10:21:37 AM
		pattern: new RegExp(
			`\\b(?:${WEEKDAY},? )?(?:${MONTH} {1,2}\\d{1,2},?|\\d{1,2} ${MONTH}) (?:\\d{4} )?${TIME_OF_DAY}(?: [AP]M)?(?: (?:UTC|GMT|[+-]\\d{4}|[A-Z]{1,3}T))?(?: \\d{4}\\b)?`,
			'g',
		),
		replace: '<time>',
	},
	{ name: 'time-of-day', pattern: new RegExp(`(?<![\\d:.])${TIME_OF_DAY}(?![\\d:])`, 'g'), replace: '<time>' },
	{
		name: 'logrus-elapsed',
		// logrus without a TTY prints seconds since start: INFO[0042]
		pattern: /\b(TRAC|DEBU|INFO|WARN|ERRO|FATA|PANI)\[\d{4,}\]/g,
		replace: '$1[<time>]',
	},
	{
		name: 'buildkit-step-time',
		// BuildKit's plain progress prints seconds since the step started: #9 12.41 npm ERR! …
		pattern: /(?<![^\s])(#\d+) \d+\.\d{1,3}(?= )/g,
		replace: '$1 <time>',
	},
	{
		name: 'epoch-time',
		// A number under a time key is a time: "ts":1763634097.4128, "time":1763634097412
		pattern: /\b((?:ts|time|timestamp|created|createdAt|date)["']?\s*[:=]\s*["']?)\d{10}(?:\d{3}|\d{6}|\d{9})?(?:\.\d{1,9})?\b/gi,
		replace: '$1<time>',
	},
	{
		name: 'epoch-millis',
		// 13 digits between 2017 and 2036 as milliseconds: no count or id in a log looks like that
		pattern: /(?<![\w.])1[5-9]\d{11}(?![\w.])|(?<![\w.])20\d{11}(?![\w.])/g,
		replace: '<time>',
	},
	{ name: 'kubectl-event-count', pattern: /\(x\d+ over [\dhms]+\)/g, replace: '(x<n> over <age>)' },
	{
		name: 'go-duration',
		// 5m0.412s, 1m30s, 2h3m, and Gradle's 1m 12s
		pattern: /\b(?:\d+h\d+m(?:\d+(?:\.\d+)?s)?|\d+m ?\d+(?:\.\d+)?s)\b/g,
		replace: '<duration>',
	},
	{ name: 'fractional-duration', pattern: new RegExp(`\\b\\d+\\.\\d+ ?${DURATION_UNIT}\\b`, 'g'), replace: '<duration>' },
	{
		name: 'elapsed-duration',
		// Measured, not configured: after "took", "in", "after", "elapsed", "time:"
		pattern: new RegExp(`\\b(took|in|after|elapsed|duration|time|total)(:?\\s*)\\d+ ?${DURATION_UNIT}\\b`, 'gi'),
		replace: '$1$2<duration>',
	},
	{ name: 'parenthesised-duration', pattern: /\((\d+) ?(?:ms|s)\)/g, replace: '(<duration>)' },
	{ name: 'clock-duration', pattern: /\b\d{1,2}:\d{2}(?::\d{2})? ?(?:min|h)\b/g, replace: '<duration>' },
	{
		name: 'process-id',
		// pid=12, PID 31, [pid 7], (node:412), "process 731 has disappeared", nginx 29#29: *1, syslog app[1]:, gunicorn [7] [INFO], Ruby #1]
		pattern: /\b(pid|tid)(["']?(?:\s*[:=#]\s*|\s*))\d+\b|\(node:\d+\)|\b(process) \d+\b|\b\d+#\d+: \*\d+|(?<=[\w.-])\[\d+\]:|\[\d+\] (?=\[(?:DEBUG|INFO|WARNING|ERROR|CRITICAL)\])|(?<=<time> )#\d+\]/gi,
		replace: (match, key?: string, separator?: string, processWord?: string) => {
			if (key) return `${key}${separator}<pid>`;
			if (processWord) return `${processWord} <pid>`;
			if (match.startsWith('(node:')) return '(node:<pid>)';
			if (match.includes('#') && match.includes('*')) return '<pid>#<tid>: *<n>';
			if (match.endsWith(']:')) return '[<pid>]:';
			if (match.startsWith('#')) return '#<pid>]';
			return '[<pid>] ';
		},
	},
	{ name: 'random-seed', pattern: /\b(seed)(\s*[:=]\s*|\s*)\d+\b/gi, replace: '$1$2<seed>' },
	{ name: 'content-digest', pattern: /\b(sha1|sha256|sha512|md5):[0-9a-f]{16,}\b/gi, replace: '$1:<hash>' },
	{ name: 'memory-address', pattern: /\b0x[0-9a-f]{9,}\b/gi, replace: '0x<addr>' },
	{ name: 'code-address', pattern: /\b(pc|sp|fp|lr)=0x[0-9a-f]+\b/gi, replace: '$1=<addr>' },
	{ name: 'goroutine-id', pattern: /\bgoroutine \d+ \[/g, replace: 'goroutine <n> [' },
	{ name: 'long-hex', pattern: /\b[0-9a-f]{12,128}\b/gi, replace: (hex) => (looksLikeHash(hex) ? '<hex>' : hex) },
	{
		name: 'commit-hash',
		// 7–11 hex digits only where a commit is meant: after a commit word, git describe's -g, an image tag, a range
		pattern: /\b(commit|HEAD is now at|revision|rev|sha|Merge|merge|checkout|checked out|cherry-pick|reset to)(\s+|:\s*|=)([0-9a-f]{7,11})\b|(-\d+-g)([0-9a-f]{7,11})\b|(?<=\/[\w.-]{1,128}:)([0-9a-f]{7,11})\b|\b([0-9a-f]{7,11})(\.\.\.?)([0-9a-f]{7,11})\b/g,
		replace: (match, word?: string, separator?: string, afterWord?: string, describe?: string, described?: string, tag?: string, from?: string, dots?: string, to?: string) => {
			if (afterWord) return hasDigit(afterWord) ? `${word}${separator}<commit>` : match;
			if (described) return `${describe}<commit>`;
			if (tag) return looksLikeHash(tag) ? '<commit>' : match;
			if (from && to && looksLikeHash(from) && looksLikeHash(to)) return `<commit>${dots}<commit>`;
			return match;
		},
	},
	{
		name: 'ipv6-address',
		pattern: /(?<![\w:.])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:%[\w.]+)?(?![\w:])/gi,
		replace: (candidate) => {
			const address = candidate.replace(/%.*$/, '');
			return address.includes(':') && hasDigit(address) && isIPv6(address) ? '<ip>' : candidate;
		},
	},
	{
		name: 'ipv4-address',
		pattern: /(?<![\w.@]|[=~<>!]=)\d{1,3}(?:\.\d{1,3}){3}(?![\w]|\.\d)/g,
		replace: (candidate) => (isIPv4(candidate) ? '<ip>' : candidate),
	},
	{
		name: 'ephemeral-port',
		// The port after an address stays (:5432 and :6379 are different failures) unless the kernel chose it
		pattern: /(<ip>\]?|\blocalhost):(\d{5})\b/g,
		replace: (match, host: string, port: string) => (isEphemeralPort(Number(port)) ? `${host}:<port>` : match),
	},
	{
		name: 'temporary-path',
		// /tmp, /var/tmp, /dev/shm and macOS's /var/folders/xx/…/T: only the generated segments go, the file names stay
		pattern: new RegExp(`(?<![\\w.-])((?:/private)?/var/folders/[\\w.-]+/[\\w.-]+/[TC]|(?:/private)?(?:/var)?/tmp|/dev/shm)(/${TEMP_PATH_CHARS})`, 'g'),
		replace: (_match, root: string, rest: string) => {
			const base = root.includes('/var/folders/') ? '/var/folders/<tmp>' : root;
			return `${base}${rest.replace(/[^/]{5,}/g, temporarySegment)}`;
		},
	},
	{ name: 'mktemp-name', pattern: /\btmp\.[A-Za-z0-9]{6,}\b|\btmp[a-z0-9_]{8}\b/g, replace: (name) => (name.startsWith('tmp.') || /[\d_]/.test(name) ? '<tmp>' : name) },
	{
		name: 'request-id',
		// The value under a key that names a request, trace or correlation id, in any casing or separator
		pattern: /\b((?:x-)?(?:amz-)?(?:request|req|trace|span|correlation|tracking|transaction|operation|activity|invocation|host)[ _-]?id)(["']?\s*[:=]\s*["']?|\s+)[A-Za-z0-9+/=._-]{6,200}/gi,
		replace: '$1$2<id>',
	},
	{ name: 'prefixed-request-id', pattern: /\breq_[A-Za-z0-9]{8,}\b/g, replace: 'req_<id>' },
];

/** The line with its volatile tokens replaced by placeholders, and runs of spaces made one. */
export function normaliseVolatileTokens(line: string): string {
	let text = line;
	for (const { pattern, replace } of VOLATILE_RULES) text = typeof replace === 'string' ? text.replace(pattern, replace) : text.replace(pattern, replace);
	return text.replace(/\s+/g, ' ').trim();
}
