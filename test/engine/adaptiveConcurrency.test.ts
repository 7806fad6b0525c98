import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { DEFAULT_POLICY } from '../../nodes/BandwidthWebRtc/transport';
import { useSimulator } from './fixtures';

const ctx = useSimulator();

const createMany = (count: number, requestOptions?: INodeParameters) => ({
	parameters: {
		resource: 'participant',
		operation: 'create',
		publishPermissions: ['AUDIO'],
		additionalFields: { tag: '={{ $json.tag }}' },
		...(requestOptions && { requestOptions }),
	},
	items: Array.from({ length: count }, (_, index) => ({ tag: `item-${index}` })),
});

const tagsOut = (items: INodeExecutionData[]) =>
	items.map((item) => ((item.json.participant as IDataObject | undefined)?.tag as string | undefined) ?? `error: ${String(item.json.error)}`);

describe('adaptive concurrency (Concurrency to start, Max Concurrency at most)', () => {
	it('grows past Concurrency on a healthy link, never past Max Concurrency, output in input order', async () => {
		ctx.sim.setLatency(30);
		const { parameters, items } = createMany(80, { concurrency: 2, maxConcurrency: 8 });
		const run = await ctx.run(parameters, { items });

		expect(run.error).toBeUndefined();
		expect(tagsOut(run.items)).toEqual(items.map((item) => item.tag));
		run.items.forEach((item, index) => expect(item.pairedItem).toEqual({ item: index }));
		// The simulator's own count of requests in flight at once.
		expect(ctx.sim.inFlightPeak).toBeGreaterThan(2);
		expect(ctx.sim.inFlightPeak).toBeLessThanOrEqual(8);
	});

	it(`by default sends up to ${DEFAULT_POLICY.concurrency} at once from the first items, and never more than ${DEFAULT_POLICY.maxConcurrency}`, async () => {
		// Slow answers: every request of the first wave is in flight before any comes back.
		ctx.sim.setLatency(1500);
		const { parameters, items } = createMany(DEFAULT_POLICY.maxConcurrency + 50);
		const run = await ctx.run(parameters, { items });

		expect(run.error).toBeUndefined();
		expect(tagsOut(run.items)).toEqual(items.map((item) => item.tag));
		expect(ctx.sim.participants.size).toBe(items.length);
		// The simulator's own count: the start reached at once (a slow start from lower would
		// still be below it when the first wave is answered), and the cap held.
		expect(ctx.sim.inFlightPeak).toBe(DEFAULT_POLICY.concurrency);
		expect(ctx.sim.inFlightPeak).toBeLessThanOrEqual(DEFAULT_POLICY.maxConcurrency);
	});

	it('a Max Concurrency set alone below the default start also bounds the start', async () => {
		ctx.sim.setLatency(30);
		const { parameters, items } = createMany(60, { maxConcurrency: 4 });
		const run = await ctx.run(parameters, { items });
		expect(run.error).toBeUndefined();
		expect(ctx.sim.inFlightPeak).toBe(4);
	});

	it('the default policy under load shedding far below its start loses nothing and creates nothing twice', async () => {
		ctx.sim.setLatency(20);
		// 429 (Retry-After: 1) past a fifth of the default start.
		const shedAt = Math.max(1, Math.floor(DEFAULT_POLICY.concurrency / 5));
		ctx.sim.setLoadShedding(shedAt);
		const { parameters, items } = createMany(300);
		const run = await ctx.run(parameters, { items, continueOnFail: true });

		expect(tagsOut(run.items)).toEqual(items.map((item) => item.tag));
		run.items.forEach((item, index) => expect(item.pairedItem).toEqual({ item: index }));
		expect(ctx.sim.participants.size).toBe(300);
		const statuses = ctx.sim.requests.map((request) => request.status);
		expect(statuses.filter((status) => status === 200)).toHaveLength(300);
		// Shed at first (the start is above the quota), then far fewer 429s than items.
		const shed = statuses.filter((status) => status === 429).length;
		expect(shed).toBeGreaterThan(0);
		expect(shed).toBeLessThan(items.length / 2);
		expect(ctx.sim.inFlightPeak).toBeLessThanOrEqual(DEFAULT_POLICY.maxConcurrency);
	});

	it('Max Concurrency equal to Concurrency keeps it fixed', async () => {
		ctx.sim.setLatency(30);
		const { parameters, items } = createMany(40, { concurrency: 3, maxConcurrency: 3 });
		const run = await ctx.run(parameters, { items });
		expect(run.error).toBeUndefined();
		expect(ctx.sim.inFlightPeak).toBe(3);
	});

	it('falls back under 429: it grows, Bandwidth sheds load, and nothing is lost or created twice', async () => {
		ctx.sim.setLatency(20);
		// 429 (Retry-After: 1) past 4 requests in flight; the limit may grow to 16.
		ctx.sim.setLoadShedding(4);
		const { parameters, items } = createMany(150, { concurrency: 2, maxConcurrency: 16 });
		const run = await ctx.run(parameters, { items, continueOnFail: true });

		// Every item once, in order, with the default 3 attempts: a limit that stayed above 4
		// would have items shed three times over and lost.
		expect(tagsOut(run.items)).toEqual(items.map((item) => item.tag));
		expect(ctx.sim.participants.size).toBe(150);
		const statuses = ctx.sim.requests.map((request) => request.status);
		const shed = statuses.filter((status) => status === 429).length;
		// It grew into the limit (some 429s) and fell back (far fewer 429s than items).
		expect(shed).toBeGreaterThan(0);
		expect(shed).toBeLessThan(items.length / 3);
		expect(statuses.filter((status) => status === 200)).toHaveLength(150);
		expect(ctx.sim.inFlightPeak).toBeLessThanOrEqual(4);
	});
});
