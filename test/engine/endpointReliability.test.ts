// BRTC create is a POST that makes a new endpoint each time: never replayed after a failure that
// may have reached Bandwidth. Reads, deletes and BXML updates are retried as WebRTC v1's are.
import type { IDataObject } from 'n8n-workflow';

import { apiLines, ENDPOINTS_PATH, useBrtcSimulator } from './endpointFixtures';

const ctx = useBrtcSimulator();
const FAST = { maxRetryWaitSeconds: 5 };
const brtcBody = (type: string, description: string) => ({ links: [], data: null, errors: [{ type, description }] });

/** Faults apply to API requests in order; the token request comes first, so let it through. */
async function withToken(): Promise<void> {
	await ctx.run({ operation: 'getAll', returnAll: false, limit: 1 });
	ctx.sim.clearRequests();
}

describe('BRTC reliability', () => {
	it('does not replay a create whose connection dropped after Bandwidth applied it', async () => {
		await withToken();
		ctx.sim.injectFaults({ kind: 'resetAfterApply' });
		const run = await ctx.run({ operation: 'create', direction: 'INBOUND', requestOptions: FAST }, { continueOnFail: true });
		const error = run.items[0].error as unknown as IDataObject;
		expect(error.message).toBe(
			'No answer from Bandwidth: the connection was dropped. The request may have reached Bandwidth and created an object: it was not sent again, so check before re-running this item.',
		);
		expect(apiLines(ctx.sim)).toEqual([`POST ${ENDPOINTS_PATH}`]);
		// Bandwidth did create it: exactly one, not two.
		expect(ctx.sim.brtc.endpoints.size).toBe(1);
	});

	it('does not replay a create after a 5xx or an unreadable answer', async () => {
		await withToken();
		ctx.sim.injectFaults({ kind: 'status', status: 503, body: brtcBody('service_unavailable', 'The service is currently unavailable.') });
		const failed = await ctx.run({ operation: 'create', direction: 'INBOUND', requestOptions: FAST }, { continueOnFail: true });
		expect(failed.items[0].json.error).toBe(
			'Bandwidth answered 503 Service Unavailable: The service is currently unavailable. (service_unavailable). The object may have been created anyway: it was not sent again, so list or get it before trying once more.',
		);
		ctx.sim.injectFaults({ kind: 'malformedJson' });
		const garbled = await ctx.run({ operation: 'create', direction: 'INBOUND', requestOptions: FAST }, { continueOnFail: true });
		expect(garbled.items[0].json.error).toBe(
			'Bandwidth answered 200 with a body that is not valid JSON. The object may have been created: it was not sent again, so check before re-running this item.',
		);
		expect(apiLines(ctx.sim)).toEqual([`POST ${ENDPOINTS_PATH}`, `POST ${ENDPOINTS_PATH}`]);
		expect(ctx.sim.brtc.endpoints.size).toBe(1);
	});

	it('retries a create refused with a plain 429 (nothing was created), creating it once', async () => {
		await withToken();
		ctx.sim.injectFaults({ kind: 'status', status: 429, headers: { 'retry-after': '0' }, body: brtcBody('too_many_requests', 'Slow down.') });
		const run = await ctx.run({ operation: 'create', direction: 'INBOUND', requestOptions: FAST });
		expect(run.error).toBeUndefined();
		expect(apiLines(ctx.sim)).toEqual([`POST ${ENDPOINTS_PATH}`, `POST ${ENDPOINTS_PATH}`]);
		expect(ctx.sim.brtc.endpoints.size).toBe(1);
	});

	it('retries a read, a delete and a BXML update after a 5xx', async () => {
		const [id] = await ctx.createEndpoints(1);
		await withToken();
		const fault = { kind: 'status' as const, status: 500, body: brtcBody('service_unavailable', 'The service is currently unavailable.') };
		ctx.sim.injectFaults(fault);
		const got = await ctx.run({ operation: 'get', endpointId: id, requestOptions: FAST });
		expect(got.items[0].json.endpointId).toBe(id);
		ctx.sim.injectFaults(fault);
		const updated = await ctx.run({ operation: 'updateBxml', endpointId: id, bxml: '<Response/>', requestOptions: FAST });
		expect(updated.items[0].json).toEqual({ success: true, endpointId: id });
		ctx.sim.injectFaults(fault);
		const deleted = await ctx.run({ operation: 'delete', endpointId: id, requestOptions: FAST });
		expect(deleted.items[0].json).toEqual({ success: true, endpointId: id });
		expect(ctx.sim.requests.map((r) => `${r.method} ${r.status}`)).toEqual([
			'GET 500',
			'GET 200',
			'PUT 500',
			'PUT 204',
			'DELETE 500',
			'DELETE 204',
		]);
	});
});
