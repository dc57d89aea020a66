/** Turning cluster values into the short strings report tables show. */
import { stripVTControlCharacters } from 'node:util';

const DASH = '—';

// C0/C1 controls (ANSI escapes, CR, BEL…) could rewrite a terminal line or split a table row.
const isControl = (code: number) => code < 0x20 || (code >= 0x7f && code <= 0x9f);

/** One line of at most `maxLength` characters: control characters removed, whitespace collapsed. */
export function oneLine(text: string, maxLength = 300): string {
	const visible = Array.from(stripVTControlCharacters(text), (char) => (/\s/.test(char) ? ' ' : isControl(char.charCodeAt(0)) ? '' : char)).join('');
	const line = visible.replace(/\s+/g, ' ').trim();
	return line.length > maxLength ? `${line.slice(0, maxLength - 1)}…` : line;
}

/** kubectl-style age: 45s, 12m, 5h, 3d. */
export function formatAge(milliseconds: number | undefined): string {
	if (milliseconds === undefined || !Number.isFinite(milliseconds)) return DASH;
	const seconds = Math.max(0, Math.floor(milliseconds / 1000));
	if (seconds < 120) return `${seconds}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 120) return `${minutes}m`;
	const hours = Math.floor(minutes / 60);
	if (hours < 48) return `${hours}h`;
	return `${Math.floor(hours / 24)}d`;
}

export function formatCpu(millicores: number | undefined): string {
	if (millicores === undefined) return DASH;
	return millicores < 1000 ? `${Math.round(millicores)}m` : `${(millicores / 1000).toFixed(2)} cores`;
}

export function formatBytes(bytes: number | undefined): string {
	if (bytes === undefined) return DASH;
	const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export function formatPercent(percent: number | undefined): string {
	return percent === undefined ? DASH : `${percent}%`;
}

/** A Kubernetes CPU quantity (`250m`, `2`, `1.5`, `100u`) in millicores. */
export function parseCpuQuantity(quantity: string): number | undefined {
	const match = /^(\d+(?:\.\d+)?)(n|u|m)?$/.exec(quantity.trim());
	if (!match) return undefined;
	const divisor = { n: 1e6, u: 1e3, m: 1, '': 1 / 1000 }[match[2] ?? ''] ?? 1;
	return Number(match[1]) / divisor;
}

const MEMORY_FACTORS: Record<string, number> = {
	'': 1,
	k: 1e3,
	M: 1e6,
	G: 1e9,
	T: 1e12,
	Ki: 1024,
	Mi: 1024 ** 2,
	Gi: 1024 ** 3,
	Ti: 1024 ** 4,
};

/** A Kubernetes memory quantity (`11614Mi`, `512Ki`, `1G`, `2048`) in bytes. */
export function parseMemoryQuantity(quantity: string): number | undefined {
	const match = /^(\d+(?:\.\d+)?)([kMGT]i?|Ki)?$/.exec(quantity.trim());
	if (!match) return undefined;
	const factor = MEMORY_FACTORS[match[2] ?? ''];
	return factor === undefined ? undefined : Number(match[1]) * factor;
}

// Go's time.Time.String(), which kubernetes-mcp-server prints for event timestamps:
// `2025-06-03 09:08:04 +0000 UTC`, optionally with fractional seconds.
const GO_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)? ([+-])(\d{2})(\d{2})\b/;

/** Epoch milliseconds of an RFC 3339 or Go-printed time; undefined when unset (Go's zero time) or unreadable. */
export function parseClusterTime(value: unknown): number | undefined {
	if (typeof value !== 'string' || !value.trim()) return undefined;
	const go = GO_TIME.exec(value.trim());
	const iso = go ? `${go[1]}T${go[2]}${go[3] ? go[3].slice(0, 4) : ''}${go[4]}${go[5]}:${go[6]}` : value.trim();
	const time = Date.parse(iso);
	// Go's zero time (0001-01-01) means unset; no cluster event predates 1970.
	if (Number.isNaN(time) || time <= 0) return undefined;
	return time;
}

const QUANTITY_FACTORS: Record<string, number> = {
	n: 1e-9,
	u: 1e-6,
	m: 1e-3,
	'': 1,
	k: 1e3,
	M: 1e6,
	G: 1e9,
	T: 1e12,
	P: 1e15,
	E: 1e18,
	Ki: 2 ** 10,
	Mi: 2 ** 20,
	Gi: 2 ** 30,
	Ti: 2 ** 40,
	Pi: 2 ** 50,
	Ei: 2 ** 60,
};

/** Any Kubernetes quantity (`250m`, `8`, `12Gi`, `1.5e3`, `100Ki`) in base units (cores, bytes, objects). */
export function parseQuantity(quantity: unknown): number | undefined {
	if (typeof quantity === 'number') return Number.isFinite(quantity) ? quantity : undefined;
	if (typeof quantity !== 'string') return undefined;
	const match = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$/.exec(quantity.trim());
	if (!match) return undefined;
	return Number(match[1]) * QUANTITY_FACTORS[match[2] ?? ''];
}

/** A share in percent with at most one decimal: `87.5%`, `100%`. */
export function formatShare(part: number, whole: number): string {
	if (whole <= 0) return part > 0 ? 'over' : DASH;
	return `${Math.round((part / whole) * 1000) / 10}%`;
}

/** `2025-06-20 10:30 UTC` */
export function formatDate(epochMs: number | undefined): string {
	if (epochMs === undefined || !Number.isFinite(epochMs)) return DASH;
	return `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
