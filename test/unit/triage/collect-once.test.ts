import { collectOnce, credentialIdentity } from '../../../nodes/shared/triage/collect-once';

const deferred = <T>() => {
	let resolve!: (value: T) => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
	return { promise, resolve, reject };
};

describe('collectOnce', () => {
	it('lets concurrent requests for the same key share one collection', async () => {
		const gate = deferred<string>();
		let runs = 0;
		const collect = () => {
			runs++;
			return gate.promise;
		};
		const all = Promise.all([1, 2, 3].map(() => collectOnce('same-key', 60_000, collect)));
		gate.resolve('report');
		const results = await all;
		expect(runs).toBe(1);
		expect(results.map((r) => r.reused)).toEqual([false, true, true]);
		expect(results.every((r) => r.value === 'report')).toBe(true);
	});

	it('reuses a finished collection for the given time, then collects again', async () => {
		jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
		try {
			let runs = 0;
			const collect = async () => ++runs;
			expect((await collectOnce('ttl-key', 1000, collect)).value).toBe(1);
			expect(await collectOnce('ttl-key', 1000, collect)).toEqual({ value: 1, reused: true });
			jest.advanceTimersByTime(1001);
			expect(await collectOnce('ttl-key', 1000, collect)).toEqual({ value: 2, reused: false });
		} finally {
			jest.useRealTimers();
		}
	});

	it('does not keep failures, and keeps different keys apart', async () => {
		await expect(collectOnce('failing-key', 60_000, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		expect(await collectOnce('failing-key', 60_000, async () => 'ok')).toEqual({ value: 'ok', reused: false });
		expect(await collectOnce('other-key', 60_000, async () => 'other')).toEqual({ value: 'other', reused: false });
	});
});

describe('credentialIdentity', () => {
	const credential = { url: 'https://mcp.example/mcp', authentication: 'bearer', token: 'token-of-team-a' };

	it('tells apart two credentials on the same URL, and keeps no secret in the key', () => {
		const identity = credentialIdentity(credential);
		expect(credentialIdentity({ ...credential, token: 'token-of-team-b' })).not.toBe(identity);
		expect(credentialIdentity({ ...credential, headers: 'X-Team: b' })).not.toBe(identity);
		expect(identity).not.toContain('token-of-team-a');
	});

	it('is the same for the same credential, whatever the order of its fields', () => {
		expect(credentialIdentity({ token: 'token-of-team-a', url: 'https://mcp.example/mcp', authentication: 'bearer' })).toBe(credentialIdentity(credential));
	});
});
