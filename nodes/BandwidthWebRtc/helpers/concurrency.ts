interface Failure {
	index: number;
	error: unknown;
}

/**
 * Runs `task` for indexes 0…count-1 with at most `limit` running at once and returns the
 * results in index order. After a task throws, no new task starts; once those under way have
 * settled, the error of the lowest failing index is thrown.
 */
export async function mapWithConcurrency<T>(
	count: number,
	limit: number,
	task: (index: number) => Promise<T>,
): Promise<T[]> {
	const results = new Array<T>(count);
	const failures: Failure[] = [];
	let next = 0;

	async function worker(): Promise<void> {
		while (failures.length === 0 && next < count) {
			const index = next++;
			try {
				results[index] = await task(index);
			} catch (error) {
				failures.push({ index, error });
			}
		}
	}

	await Promise.all(Array.from({ length: Math.min(limit, count) }, async () => await worker()));
	if (failures.length > 0) {
		throw failures.reduce((first, failure) => (failure.index < first.index ? failure : first)).error;
	}
	return results;
}
