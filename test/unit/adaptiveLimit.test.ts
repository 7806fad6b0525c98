import { AdaptiveLimit } from '../../nodes/BandwidthWebRtc/transport/adaptiveLimit';

const settle = async () => await new Promise((resolve) => setImmediate(resolve));

describe('AdaptiveLimit: growth and shrink', () => {
	it('without a max it is fixed: successes never take it above the start, a 429 halves it, it grows back to the start', () => {
		const limit = new AdaptiveLimit(4);
		for (let i = 0; i < 50; i++) limit.succeeded();
		expect(limit.current).toBe(4);
		limit.throttled(1_000, 1_000);
		expect(limit.current).toBe(2);
		for (let i = 0; i < 50; i++) limit.succeeded(5_000);
		expect(limit.current).toBe(4);
		// A fixed limit's ceiling stays at its start, however often it is pushed back.
		for (let i = 0; i < 5; i++) limit.throttled(6_000 + i * 2_000, 6_000 + i * 2_000);
		for (let i = 0; i < 500; i++) limit.succeeded(30_000);
		expect(limit.current).toBe(4);
	});

	it('slow start: grows by one per clean answer (doubling every round trip), up to the max and no further', () => {
		const limit = new AdaptiveLimit(2, { max: 10 });
		const seen: number[] = [];
		for (let i = 0; i < 12; i++) {
			limit.succeeded();
			seen.push(limit.current);
		}
		expect(seen).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 10, 10, 10, 10]);
	});

	it('a 429 halves it once per burst: answers to requests sent before the cut are that same burst', () => {
		const limit = new AdaptiveLimit(16, { max: 64 });
		limit.throttled(9_990, 10_000);
		limit.throttled(9_995, 10_100);
		expect(limit.current).toBe(8);
		// Sent after the first cut, at the lower level: Bandwidth is still full, cut again.
		limit.throttled(10_050, 10_120);
		expect(limit.current).toBe(4);
		for (let i = 0; i < 20; i++) limit.throttled(20_000 + i * 1_000, 20_000 + i * 1_000);
		expect(limit.current).toBe(1);
	});

	it('after a cut, growth is one per round trip (about one per `current` clean answers), not doubling', () => {
		const limit = new AdaptiveLimit(16, { max: 64 });
		limit.throttled(1_000, 1_000);
		limit.throttled(1_100, 1_100);
		expect(limit.current).toBe(4);
		for (let i = 0; i < 4; i++) limit.succeeded(5_000);
		expect(limit.current).toBe(4);
		for (let i = 0; i < 4; i++) limit.succeeded(5_000);
		expect(limit.current).toBe(5);
	});

	it('holds for a second after a cut, while the items told to retry come back, then grows again', () => {
		const limit = new AdaptiveLimit(8);
		limit.throttled(1_000, 1_000);
		expect(limit.current).toBe(4);
		for (let i = 0; i < 20; i++) limit.succeeded(1_900);
		expect(limit.current).toBe(4);
		for (let i = 0; i < 20; i++) limit.succeeded(2_000);
		expect(limit.current).toBeGreaterThan(4);
	});

	it('a start equal to the max that the user did not fix (the default policy) is pushed below its start; a fixed one grows back', () => {
		const byDefault = new AdaptiveLimit(300, { max: 300, fixed: false });
		const fixed = new AdaptiveLimit(300, { max: 300, fixed: true });
		for (const limit of [byDefault, fixed]) {
			for (let i = 0; i < 100; i++) limit.succeeded();
			expect(limit.current).toBe(300);
			limit.throttled(1_000, 1_000);
			limit.throttled(3_000, 3_000);
			limit.throttled(5_000, 5_000);
			expect(limit.current).toBe(37);
			for (let i = 0; i < 100_000; i++) limit.succeeded(10_000);
		}
		// Pushed back at 300, 150 and 75: it never probes above 74 again.
		expect(byDefault.ceiling).toBe(74);
		expect(byDefault.current).toBe(74);
		expect(fixed.ceiling).toBe(300);
		expect(fixed.current).toBe(300);
	});

	it('a growing limit does not grow back to a level that was pushed back, and may settle below its start', () => {
		const limit = new AdaptiveLimit(4, { max: 40 });
		for (let i = 0; i < 12; i++) limit.succeeded();
		expect(limit.current).toBe(16);
		limit.throttled(1_000, 1_000);
		expect(limit.current).toBe(8);
		for (let i = 0; i < 500; i++) limit.succeeded(5_000);
		expect(limit.current).toBe(15);
		expect(limit.ceiling).toBe(15);
		limit.throttled(6_000, 6_000);
		limit.throttled(7_000, 7_000);
		limit.throttled(8_000, 8_000);
		for (let i = 0; i < 500; i++) limit.succeeded(20_000);
		// Pushed back at 15, then at 7.5 and at 3.75: a ceiling of 3, below the start of 4.
		expect(limit.ceiling).toBe(3);
		expect(limit.current).toBe(limit.ceiling);
	});

	it('never starts below one, nor a max below the start', () => {
		expect(new AdaptiveLimit(0).current).toBe(1);
		const limit = new AdaptiveLimit(6, { max: 3 });
		for (let i = 0; i < 10; i++) limit.succeeded();
		expect(limit.current).toBe(6);
	});

	it('admits waiting requests as soon as it grows', async () => {
		const limit = new AdaptiveLimit(1, { max: 3 });
		await limit.acquire();
		let admitted = 0;
		void limit.acquire().then(() => admitted++);
		void limit.acquire().then(() => admitted++);
		await settle();
		expect(admitted).toBe(0);
		limit.succeeded();
		await settle();
		expect(admitted).toBe(1);
		limit.succeeded();
		await settle();
		expect(admitted).toBe(2);
	});
});

describe('mapWithConcurrency with a limit that changes', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { mapWithConcurrency } = require('../../nodes/BandwidthWebRtc/helpers/concurrency') as typeof import('../../nodes/BandwidthWebRtc/helpers/concurrency');

	it('starts more tasks as the limit grows, never more than it allows, results in order', async () => {
		let allowed = 2;
		let running = 0;
		const peaks: number[] = [];
		const results = await mapWithConcurrency(30, () => allowed, async (index) => {
			running++;
			peaks.push(running);
			expect(running).toBeLessThanOrEqual(allowed);
			await settle();
			running--;
			if (index === 5) allowed = 6;
			return index;
		});
		expect(results).toEqual(Array.from({ length: 30 }, (_, index) => index));
		expect(Math.max(...peaks.slice(0, 6))).toBe(2);
		expect(Math.max(...peaks)).toBe(6);
	});
});
