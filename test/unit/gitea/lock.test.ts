import { KeyedLock } from '../../../nodes/shared/gitea';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('KeyedLock', () => {
	it('runs tasks with the same key one after another', async () => {
		const lock = new KeyedLock();
		const events: string[] = [];
		const task = (name: string) => async () => {
			events.push(`${name} start`);
			await tick(20);
			events.push(`${name} end`);
			return name;
		};
		const results = await Promise.all([lock.run('k', task('a')), lock.run('k', task('b')), lock.run('k', task('c'))]);
		expect(results).toEqual(['a', 'b', 'c']);
		expect(events).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
		expect(lock.size).toBe(0);
	});

	it('runs tasks with different keys side by side', async () => {
		const lock = new KeyedLock();
		const events: string[] = [];
		const task = (name: string) => async () => {
			events.push(`${name} start`);
			await tick(20);
			events.push(`${name} end`);
		};
		await Promise.all([lock.run('x', task('x')), lock.run('y', task('y'))]);
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
