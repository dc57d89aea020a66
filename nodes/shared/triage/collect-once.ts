import { createHash } from 'node:crypto';

/**
 * Identical failure reports often arrive together (every push of a broken build, a webhook retry).
 * While one collection for a pod is running, the others wait for its result instead of reading the
 * pod again; a finished result is reused for a short while. Process-wide, like n8n's executions.
 */
const inFlight = new Map<string, { promise: Promise<unknown>; expiresAt: number }>();

export async function collectOnce<T>(key: string, reuseForMs: number, collect: () => Promise<T>): Promise<{ value: T; reused: boolean }> {
	const now = Date.now();
	for (const [k, entry] of inFlight) if (entry.expiresAt <= now) inFlight.delete(k);
	const existing = inFlight.get(key);
	if (existing) return { value: (await existing.promise) as T, reused: true };
	const promise = collect();
	// Until it settles the entry never expires; afterwards it lives `reuseForMs` more.
	const entry = { promise, expiresAt: Number.POSITIVE_INFINITY };
	inFlight.set(key, entry);
	try {
		const value = await promise;
		entry.expiresAt = Date.now() + reuseForMs;
		if (reuseForMs <= 0) inFlight.delete(key);
		return { value, reused: false };
	} catch (error) {
		inFlight.delete(key);
		throw error;
	}
}

/**
 * Who reads the cluster, as part of a reuse key: a digest of the whole credential (URL, token,
 * headers…), so that two credentials never share a collection even on the same URL (one may see
 * what the other may not), and no secret is kept in a key.
 */
export function credentialIdentity(credential: object): string {
	const fields = Object.entries(credential).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}
