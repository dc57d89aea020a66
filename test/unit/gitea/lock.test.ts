import { KeyedLock } from '../../../nodes/shared/gitea';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A 20 ms task that records in `events` when it starts and ends, and returns its name. */
const recordedTask = (events: string[], name: string) => async () => {
	events.push(`${name} start`);
	await tick(20);
	events.push(`${name} end`);
	return name;
};

describe('KeyedLock', () => {
	it('runs tasks with the same key one after another', async () => {
		const lock = new KeyedLock();
		const events: string[] = [];
		const results = await Promise.all(['a', 'b', 'c'].map((name) => lock.run('k', recordedTask(events, name))));
		expect(results).toEqual(['a', 'b', 'c']);
		expect(events).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
		expect(lock.size).toBe(0);
	});

	it('runs tasks with different keys side by side', async () => {
		const lock = new KeyedLock();
		const events: string[] = [];
		await Promise.all([lock.run('x', recordedTask(events, 'x')), lock.run('y', recordedTask(events, 'y'))]);
		expect(events.slice(0, 2).sort()).toEqual(['x start', 'y start']);
	});

	it('releases the key when a task fails', async () => {
		const lock = new KeyedLock();
		const failing = lock.run('k', async () => {
			await tick(5);
			throw new Error('boom');
		});
		const next = lock.run('k', async () => 'ran');
		await expect(failing).rejects.toThrow('boom');
		await expect(next).resolves.toBe('ran');
		expect(lock.size).toBe(0);
	});
});
