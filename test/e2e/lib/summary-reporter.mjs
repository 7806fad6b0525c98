// A node:test reporter that writes one JSON line per finished test (name, file, outcome, skip
// reason, error message), so test/e2e/run.js can print its own pass/fail/skip summary.
export default async function* summaryReporter(source) {
	for await (const event of source) {
		if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
		const { data } = event;
		// Only tests, not the per-file wrapper node --test adds around each file.
		if (data.details?.type === 'suite') continue;
		const error = data.details?.error;
		const cause = error?.cause ?? error;
		yield `${JSON.stringify({
			name: data.name,
			file: data.file,
			nesting: data.nesting,
			outcome: event.type === 'test:fail' ? 'fail' : data.skip !== undefined && data.skip !== false ? 'skip' : data.todo ? 'todo' : 'pass',
			skip: typeof data.skip === 'string' ? data.skip : undefined,
			error: cause ? String(cause.message ?? cause).split('\n').slice(0, 6).join('\n') : undefined,
			durationMs: Math.round(data.details?.duration_ms ?? 0),
		})}\n`;
	}
}
