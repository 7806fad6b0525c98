import { AdaptiveLimit, DEFAULT_LATENCY_TOLERANCE } from '../../nodes/BandwidthWebRtc/transport/adaptiveLimit';

const settle = async () => await new Promise((resolve) => setImmediate(resolve));

describe('AdaptiveLimit: growth and shrink', () => {
	it('without a max it is fixed: successes never take it above the start, a 429 halves it', () => {
		const limit = new AdaptiveLimit(4);
		for (let i = 0; i < 50; i++) limit.succeeded(40);
		expect(limit.current).toBe(4);
		limit.throttled(1_000);
		expect(limit.current).toBe(2);
		for (let i = 0; i < 50; i++) limit.succeeded(40);
		expect(limit.current).toBe(4);
	});

	it('grows by one per success while latency holds, up to the max and no further', () => {
		const limit = new AdaptiveLimit(2, 500, { max: 10 });
		const seen: number[] = [];
		for (let i = 0; i < 12; i++) {
			limit.succeeded(60);
			seen.push(limit.current);
		}
		expect(seen).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 10, 10, 10, 10]);
	});

	it('stops growing once latency rises past the tolerance, and grows by one per round trip after it falls back', () => {
		const limit = new AdaptiveLimit(2, 500, { max: 100 });
		for (let i = 0; i < 6; i++) limit.succeeded(50);
		expect(limit.current).toBe(8);
		// Latency triples: the smoothed value crosses 1.5× the lowest within a few samples.
		let held = 0;
		for (let i = 0; i < 30; i++) {
			const before = limit.current;
			limit.succeeded(150);
			if (limit.current === before) held++;
		}
		expect(limit.latency.smoothed!).toBeGreaterThan(limit.latency.lowest! * DEFAULT_LATENCY_TOLERANCE);
		expect(limit.current).toBeLessThanOrEqual(11);
		expect(held).toBeGreaterThanOrEqual(27);
		const afterRise = limit.current;
		// Latency back to normal: additive growth (about one per `current` successes), not doubling.
		for (let i = 0; i < 40; i++) limit.succeeded(50);
		expect(limit.current).toBeGreaterThan(afterRise);
		expect(limit.current).toBeLessThan(afterRise + 6);
	});

	it('a 429 halves it once per burst and ends the doubling', () => {
		const limit = new AdaptiveLimit(16, 500, { max: 64 });
		limit.throttled(10_000);
		limit.throttled(10_100);
		expect(limit.current).toBe(8);
		limit.throttled(10_600);
		expect(limit.current).toBe(4);
		// One round trip's worth of successes (4) adds about one, not four.
		for (let i = 0; i < 4; i++) limit.succeeded(50);
		expect(limit.current).toBe(4);
		for (let i = 0; i < 4; i++) limit.succeeded(50);
		expect(limit.current).toBe(5);
		for (let i = 0; i < 20; i++) limit.throttled(20_000 + i * 1_000);
		expect(limit.current).toBe(1);
	});

	it('holds for a second after a cut, while the items told to retry come back, then grows again', () => {
		const limit = new AdaptiveLimit(8, 500);
		limit.throttled(1_000);
		expect(limit.current).toBe(4);
		for (let i = 0; i < 20; i++) limit.succeeded(50, 1_900);
		expect(limit.current).toBe(4);
		for (let i = 0; i < 20; i++) limit.succeeded(50, 2_000);
		expect(limit.current).toBeGreaterThan(4);
	});

	it('after a 429 it does not grow back to the level that was shed, nor below the start', () => {
		const limit = new AdaptiveLimit(4, 500, { max: 40 });
		for (let i = 0; i < 12; i++) limit.succeeded(50);
		expect(limit.current).toBe(16);
		limit.throttled(1_000);
		expect(limit.current).toBe(8);
		for (let i = 0; i < 500; i++) limit.succeeded(50, 5_000);
		expect(limit.current).toBe(15);
		limit.throttled(6_000);
		limit.throttled(7_000);
		limit.throttled(8_000);
		for (let i = 0; i < 500; i++) limit.succeeded(50, 20_000);
		expect(limit.current).toBe(4);
	});

	it('never starts below one, nor a max below the start', () => {
		expect(new AdaptiveLimit(0).current).toBe(1);
		const limit = new AdaptiveLimit(6, 500, { max: 3 });
		for (let i = 0; i < 10; i++) limit.succeeded(10);
		expect(limit.current).toBe(6);
	});

	it('admits waiting requests as soon as it grows', async () => {
		const limit = new AdaptiveLimit(1, 500, { max: 3 });
		await limit.acquire();
		let admitted = 0;
		void limit.acquire().then(() => admitted++);
		void limit.acquire().then(() => admitted++);
		await settle();
		expect(admitted).toBe(0);
		limit.succeeded(30);
		await settle();
		expect(admitted).toBe(1);
		limit.succeeded(30);
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
