interface Failure {
	index: number;
	error: unknown;
}

/**
 * Runs `task` for indexes 0…count-1 with at most `limit` running at once and returns the
 * results in index order. `limit` may be a function, read again each time a task could start
 * (a limit that grows with the answers). After a task throws, no new task starts; once those
 * under way have settled, the error of the lowest failing index is thrown.
 */
export async function mapWithConcurrency<T>(
	count: number,
	limit: number | (() => number),
	task: (index: number) => Promise<T>,
): Promise<T[]> {
	const results = new Array<T>(count);
	const failures: Failure[] = [];
	const allowed = typeof limit === 'function' ? () => Math.max(1, limit()) : () => Math.max(1, limit);
	let next = 0;
	let running = 0;

	await new Promise<void>((resolve) => {
		const startMore = (): void => {
			while (failures.length === 0 && next < count && running < allowed()) {
				const index = next++;
				running++;
				task(index).then(
					(result) => {
						results[index] = result;
					},
					(error: unknown) => {
						failures.push({ index, error });
					},
				).finally(() => {
					running--;
					startMore();
				});
			}
			if (running === 0) resolve();
		};
		startMore();
	});

	if (failures.length > 0) {
		throw failures.reduce((first, failure) => (failure.index < first.index ? failure : first)).error;
	}
	return results;
}
