import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { credentialsFor } from '../harness';
import { LET_THROUGH } from '../simulator';
import { ACCOUNT_ID, PASSWORD, requestLines, USERNAME, useSimulator } from './fixtures';

const ctx = useSimulator();
const base = `/v1/accounts/${ACCOUNT_ID}`;

const createMany = (count: number, requestOptions: INodeParameters = {}) => ({
	parameters: {
		resource: 'participant',
		operation: 'create',
		publishPermissions: ['AUDIO'],
		additionalFields: { tag: '={{ $json.tag }}' },
		requestOptions,
	},
	items: Array.from({ length: count }, (_, index) => ({ tag: `item-${index}` })),
});

/** Every input item ends as exactly one item, paired to it, in order; returns the failures. */
function expectOneItemPerInput(items: INodeExecutionData[], count: number): INodeExecutionData[] {
	expect(items).toHaveLength(count);
	items.forEach((item, index) => expect(item.pairedItem).toEqual({ item: index }));
	return items.filter((item) => item.error !== undefined);
}

function createdTags(items: INodeExecutionData[]): string[] {
	return items
		.filter((item) => !item.error)
		.map((item) => (item.json.participant as IDataObject).tag as string);
}

describe('reliability: retries, faults and concurrency', () => {
	it('retries a 429 for a POST after Retry-After, creating each participant once', async () => {
		ctx.sim.injectFaults({ kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { error: 'Too Many Requests' } }, 2);
		const { parameters, items } = createMany(5);
		const started = Date.now();
		const run = await ctx.run(parameters, { items, continueOnFail: true });

		expect(expectOneItemPerInput(run.items, 5)).toHaveLength(0);
		expect(ctx.sim.participants.size).toBe(5);
		expect(createdTags(run.items)).toEqual(['item-0', 'item-1', 'item-2', 'item-3', 'item-4']);
		expect(ctx.sim.requests.filter((request) => request.status === 429)).toHaveLength(2);
		// Retry-After: 1 was honoured (the retries waited about a second).
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
	});

	it('fails an item instead of waiting longer than Max Retry Wait', async () => {
		ctx.sim.injectFaults({ kind: 'status', status: 429, headers: { 'retry-after': '120' }, body: { error: 'Slow down' } });
		const run = await ctx.run({ resource: 'session', operation: 'create' }, { continueOnFail: true });
		const error = run.items[0].error as unknown as IDataObject;
		expect(error.message).toBe(
			"Bandwidth answered 429 Too Many Requests: Slow down. Bandwidth is limiting the request rate: lower the node's Concurrency (Request Options) or try again in a minute. Bandwidth asked to wait 120, longer than the node's maximum retry wait.",
		);
		expect(ctx.sim.requests).toHaveLength(1);
	});

	it('never replays a POST after a 5xx, but retries a GET', async () => {
		ctx.sim.injectFaults({ kind: 'status', status: 503, body: { error: 'Service Unavailable' } });
		const post = await ctx.run({ resource: 'session', operation: 'create' }, { continueOnFail: true });
		expect(post.items[0].json.error).toBe(
			'Bandwidth answered 503 Service Unavailable: Service Unavailable. The object may have been created anyway: it was not sent again, so list or get it before trying once more.',
		);
		expect(ctx.sim.requests).toHaveLength(1);

		const session = await ctx.run({ resource: 'session', operation: 'create' });
		const id = session.items[0].json.id as string;
		ctx.sim.clearRequests();
		ctx.sim.injectFaults({ kind: 'status', status: 502, body: { error: 'Bad Gateway' } }, 2);
		const get = await ctx.run({ resource: 'session', operation: 'get', sessionId: id });
		expect(get.items[0].json).toEqual({ id });
		expect(ctx.sim.requests.map((request) => request.status)).toEqual([502, 502, 200]);
	});

	it('gives up after Max Attempts and says how many it made', async () => {
		ctx.sim.injectFaults({ kind: 'status', status: 500, body: { error: 'Down' } }, 2);
		const run = await ctx.run({ resource: 'session', operation: 'get', sessionId: 's', requestOptions: { maxAttempts: 2 } });
		expect(run.error?.message).toBe(
			"Bandwidth answered 500 Internal Server Error: Down (after 2 attempts). The node already retried. The fault is on Bandwidth's side: try again in a few minutes.",
		);
	});

	it('a dropped connection after Bandwidth created the object: the POST is not replayed and the item says so', async () => {
		ctx.sim.injectFaults({ kind: 'resetAfterApply' });
		const { parameters, items } = createMany(3, { concurrency: 1 });
		const run = await ctx.run(parameters, { items, continueOnFail: true });

		const failures = expectOneItemPerInput(run.items, 3);
		expect(failures).toHaveLength(1);
		expect(run.items[0].error?.message).toBe('No answer from Bandwidth: the connection was dropped. The request may have reached Bandwidth and created an object: it was not sent again, so check before re-running this item.');
		expect(run.items[0].error?.description).toBe('POST /participants failed with ECONNRESET.');
		// Nothing created twice: the two successes plus the one the dropped answer hid.
		expect(ctx.sim.participants.size).toBe(3);
		expect(requestLines(ctx.sim)).toEqual(Array(3).fill(`POST ${base}/participants`));
	});

	it('a connection dropped before Bandwidth read the request: a GET is retried', async () => {
		const session = await ctx.run({ resource: 'session', operation: 'create' });
		const id = session.items[0].json.id as string;
		ctx.sim.injectFaults({ kind: 'resetBeforeRead' });
		const run = await ctx.run({ resource: 'session', operation: 'get', sessionId: id });
		expect(run.items[0].json).toEqual({ id });
	});

	it('a DELETE whose answer was lost is retried, and the 404 that follows counts as done', async () => {
		const session = await ctx.run({ resource: 'session', operation: 'create' });
		const id = session.items[0].json.id as string;
		ctx.sim.clearRequests();
		ctx.sim.injectFaults({ kind: 'resetAfterApply' });
		const run = await ctx.run({ resource: 'session', operation: 'delete', sessionId: id });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toEqual({ success: true, sessionId: id });
		expect(ctx.sim.requests.map((request) => request.status)).toEqual([0, 404]);
	});

	it('malformed JSON: a POST fails without replay, a GET is retried', async () => {
		ctx.sim.injectFaults({ kind: 'malformedJson' });
		const post = await ctx.run({ resource: 'session', operation: 'create' }, { continueOnFail: true });
		expect(post.items[0].json.error).toBe(
			'Bandwidth answered 200 with a body that is not valid JSON. The object may have been created: it was not sent again, so check before re-running this item.',
		);
		expect(ctx.sim.sessions.size).toBe(1);
		expect(ctx.sim.requests).toHaveLength(1);

		const id = [...ctx.sim.sessions.keys()][0];
		ctx.sim.injectFaults({ kind: 'malformedJson' });
		const get = await ctx.run({ resource: 'session', operation: 'get', sessionId: id });
		expect(get.items[0].json).toEqual({ id });
	});

	it('silence past the timeout: a GET is retried, a POST fails without replay', async () => {
		const session = await ctx.run({ resource: 'session', operation: 'create' });
		const id = session.items[0].json.id as string;
		ctx.sim.injectFaults({ kind: 'delay', ms: 2500 });
		const get = await ctx.run({ resource: 'session', operation: 'get', sessionId: id, requestOptions: { timeoutSeconds: 1 } });
		expect(get.items[0].json).toEqual({ id });

		ctx.sim.clearRequests();
		ctx.sim.injectFaults({ kind: 'delay', ms: 2500 });
		const post = await ctx.run({ resource: 'session', operation: 'create', requestOptions: { timeoutSeconds: 1 } }, { continueOnFail: true });
		expect(post.items[0].json.error).toBe('No answer from Bandwidth: it stayed silent past the timeout. The request may have reached Bandwidth and created an object: it was not sent again, so check before re-running this item.');
		expect(post.items[0].error?.description).toBe('POST /sessions failed with ECONNABORTED.');
		// The simulator logs the request once its delayed answer is written.
		const posts = () => requestLines(ctx.sim).filter((line) => line.startsWith('POST'));
		for (let waited = 0; posts().length === 0 && waited < 3000; waited += 50) {
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		expect(posts()).toEqual([`POST ${base}/sessions`]);
		expect(ctx.sim.sessions.size).toBe(2);
	});

	it('a body that arrives slowly but steadily is read whole (the timeout is for silence)', async () => {
		ctx.sim.injectFaults({ kind: 'slowBody', ms: 1500 });
		const run = await ctx.run({ resource: 'session', operation: 'create', additionalFields: { tag: 'slow' }, requestOptions: { timeoutSeconds: 1 } });
		expect(run.items[0].json).toEqual({ id: expect.any(String), tag: 'slow' });
	});

	it('keeps at most Concurrency requests in flight, output in input order', async () => {
		ctx.sim.setLatency(30);
		const { parameters, items } = createMany(40, { concurrency: 4 });
		const run = await ctx.run(parameters, { items });
		expect(run.error).toBeUndefined();
		expect(ctx.sim.inFlightPeak).toBe(4);
		expect(createdTags(run.items)).toEqual(items.map((item) => item.tag));
	});

	it('under load shedding (429 past 5 in flight) loses nothing and creates nothing twice, with default attempts', async () => {
		ctx.sim.setLatency(20);
		ctx.sim.setLoadShedding(5);
		const { parameters, items } = createMany(300, { concurrency: 10 });
		const run = await ctx.run(parameters, { items, continueOnFail: true });

		expect(expectOneItemPerInput(run.items, 300)).toHaveLength(0);
		expect(ctx.sim.requests.some((request) => request.status === 429)).toBe(true);
		expect(ctx.sim.participants.size).toBe(300);
		expect([...ctx.sim.participants.values()].map((p) => p.tag).sort()).toEqual(items.map((i) => i.tag).sort());
	});

	it('reads the credential once per execution, not once per request or retry (in the app each read is a database load and a decryption)', async () => {
		const helper = credentialsFor('bandwidthWebRtcApi', {
			accountId: ACCOUNT_ID,
			username: USERNAME,
			password: PASSWORD,
			baseUrl: ctx.sim.baseUrl,
		});
		ctx.sim.setLatency(20);
		ctx.sim.setLoadShedding(5);
		const { parameters, items } = createMany(40, { concurrency: 10 });
		const run = await ctx.run(parameters, { items, credentialsHelper: helper, continueOnFail: true });

		expect(expectOneItemPerInput(run.items, 40)).toHaveLength(0);
		// Retried requests (429) were sent too, every one with the Basic pair.
		expect(ctx.sim.requests.some((request) => request.status === 429)).toBe(true);
		expect(ctx.sim.requests.filter((request) => request.status === 200)).toHaveLength(40);
		expect(helper.reads.get('bandwidthWebRtcApi')).toBe(1);
	});

	it('without continue on fail, stops at the first failing item and reports that item', async () => {
		ctx.sim.injectFaults(LET_THROUGH, 2);
		ctx.sim.injectFaults({ kind: 'status', status: 400, body: { error: 'Nope' } });
		const { parameters, items } = createMany(10, { concurrency: 1 });
		const run = await ctx.run(parameters, { items });
		expect(run.error?.message).toMatch(/^Bandwidth answered 400 Bad Request: Nope\. Bandwidth refused a value the node sent/);
		expect((run.error?.context as IDataObject).itemIndex).toBe(2);
		// Items after the failure were not started.
		expect(ctx.sim.requests).toHaveLength(3);
	});
});
