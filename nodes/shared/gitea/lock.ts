/**
 * A per-key queue in this process: tasks with the same key run one after another, others in
 * parallel. n8n runs executions of one instance in one process, so two identical failures that
 * arrive together are serialised here; separate n8n processes (queue mode workers) are not.
 */
export class KeyedLock {
	private readonly tails = new Map<string, Promise<void>>();

	async run<T>(key: string, task: () => Promise<T>): Promise<T> {
		const previous = this.tails.get(key) ?? Promise.resolve();
		let release!: () => void;
		const done = new Promise<void>((resolve) => {
			release = resolve;
		});
		const tail = previous.then(() => done);
		this.tails.set(key, tail);
		await previous;
		try {
			return await task();
		} finally {
			release();
			if (this.tails.get(key) === tail) this.tails.delete(key);
		}
	}

	/** Keys with a task running or queued; for tests and diagnostics. */
	get size(): number {
		return this.tails.size;
	}
}

/** The lock shared by every Gitea node execution in this process. */
export const giteaLocks = new KeyedLock();
