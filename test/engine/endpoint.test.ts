// BRTC Endpoints through n8n-core's real engine, the real HTTP helper and the simulator.
import type { IDataObject } from 'n8n-workflow';

import { decodeJwtPayload } from '../simulator';
import { ACCOUNT_ID, apiLines, brtcHelper, CLIENT_SECRET, ENDPOINTS_PATH, TOKEN_PATH, useBrtcSimulator } from './endpointFixtures';
import { everythingVisible } from './fixtures';

const ctx = useBrtcSimulator();

/** Faults apply to the next requests; fetch the token first so that they hit the API call. */
async function withToken(): Promise<void> {
	await ctx.run({ operation: 'getAll', returnAll: false, limit: 1 });
	ctx.sim.clearRequests();
}

const TRIGGER_URL = 'https://n8n.example.com/webhook/6f1c0a0e/webhook';

describe('Endpoint → Create', () => {
	it('sends the spec\'s body with a bearer token and outputs the endpoint with its token at the top level', async () => {
		const run = await ctx.run(
			{
				operation: 'create',
				direction: 'BIDIRECTIONAL',
				additionalFields: {
					eventCallbackUrl: TRIGGER_URL,
					eventFallbackUrl: 'https://fallback.example.com/brtc',
					tag: '={{ $json.crmId }}',
					connectionMetadata: '{"room": "support"}',
				},
			},
			{ items: [{ crmId: 'crm-1001' }, { crmId: 'crm-1002' }] },
		);
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(2);
		const posts = ctx.sim.requests.filter((r) => r.method === 'POST' && r.path === ENDPOINTS_PATH);
		expect(posts.map((r) => r.json)).toEqual([
			{
				type: 'WEBRTC',
				direction: 'BIDIRECTIONAL',
				eventCallbackUrl: TRIGGER_URL,
				eventFallbackUrl: 'https://fallback.example.com/brtc',
				tag: 'crm-1001',
				connectionMetadata: { room: 'support' },
			},
			expect.objectContaining({ tag: 'crm-1002' }),
		]);
		expect(posts[0].headers.authorization).toMatch(/^Bearer \S+$/);
		expect(posts[0].headers['content-type']).toMatch(/^application\/json/);

		run.items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			const json = item.json;
			// The envelope is gone: the endpoint's fields and the token, at the top level.
			expect(Object.keys(json).sort()).toEqual(
				['creationTimestamp', 'devices', 'endpointId', 'expirationTimestamp', 'status', 'tag', 'token', 'type'].sort(),
			);
			expect(json.tag).toBe(`crm-100${index + 1}`);
			expect(ctx.sim.brtc.endpoints.has(json.endpointId as string)).toBe(true);
			expect((decodeJwtPayload(json.token as string) as IDataObject).sub).toBe(json.endpointId);
		});
	});

	it('adds the token expiry and the <Connect><Endpoint> BXML when asked', async () => {
		const run = await ctx.run({
			operation: 'create',
			direction: 'INBOUND',
			options: {
				includeTokenExpiry: true,
				includeConnectBxml: true,
				connectEventCallbackUrl: 'https://example.com/connect?a=1&b=2',
			},
		});
		const json = run.items[0].json;
		const exp = (decodeJwtPayload(json.token as string) as { exp: number }).exp;
		expect(json.tokenExpiresAt).toBe(new Date(exp * 1000).toISOString());
		expect(json.tokenExpiresAt).toBe(new Date(Date.parse(json.expirationTimestamp as string)).toISOString());
		expect(json.tokenExpiresInSeconds).toBeGreaterThan(24 * 3600 - 120);
		expect(json.tokenExpiresInSeconds).toBeLessThanOrEqual(24 * 3600);
		expect(json.connectBxml).toBe(
			'<?xml version="1.0" encoding="UTF-8"?><Response><Connect eventCallbackUrl="https://example.com/connect?a=1&amp;b=2">' +
				`<Endpoint>${json.endpointId as string}</Endpoint></Connect></Response>`,
		);
	});

	it('a wrong client secret names the BRTC credential and says not to retry, in the message (what an AI agent\'s model reads)', async () => {
		const wrongSecret = 'wrong-brtc-secret-9';
		const run = await ctx.run(
			{ operation: 'create', direction: 'INBOUND' },
			{ credentialsHelper: brtcHelper(ctx.sim, { clientSecret: wrongSecret }), continueOnFail: true },
		);
		expect(run.items[0].json.error).toBe(
			'Bandwidth refused the client ID or secret (401 invalid_client). Check the Client ID, Client Secret and Token URL in the "Bandwidth BRTC OAuth2 API" credential. Retrying will not help until the credential is fixed.',
		);
		expect(everythingVisible(run)).not.toContain(wrongSecret);
		expect(apiLines(ctx.sim)).toEqual([]);
	});

	it('leaves the device token out with Options > Leave Out Device Token, keeping the ID and expiry', async () => {
		const run = await ctx.run({ operation: 'create', direction: 'INBOUND', options: { omitToken: true, includeTokenExpiry: true } });
		const json = run.items[0].json;
		expect(json.token).toBeUndefined();
		expect(Object.keys(json).sort()).toEqual(
			['creationTimestamp', 'devices', 'endpointId', 'expirationTimestamp', 'status', 'tokenExpiresAt', 'tokenExpiresInSeconds', 'type'].sort(),
		);
		expect(json.tokenExpiresAt).toBe(new Date(Date.parse(json.expirationTimestamp as string)).toISOString());
		expect(ctx.sim.brtc.endpoints.has(json.endpointId as string)).toBe(true);
		expect(JSON.stringify(run.items)).not.toMatch(/eyJ/);
	});

	it.each([
		[{ direction: 'SIDEWAYS' }, 'Invalid "Direction" [item 0]: "SIDEWAYS" is not one of INBOUND, OUTBOUND, BIDIRECTIONAL'],
		[{ type: 'SIP' }, 'Invalid "Type" [item 0]: "SIP" is not one of WEBRTC'],
		[{ additionalFields: { tag: 'x'.repeat(1025) } }, 'Invalid "Tag" [item 0]: it has 1025 characters; Bandwidth allows at most 1024'],
		[
			{ additionalFields: { eventCallbackUrl: 'ftp://example.com/x' } },
			'Invalid "Event Callback URL" [item 0]: "ftp://example.com/x" is not an absolute http(s) URL',
		],
		[
			{ additionalFields: { eventFallbackUrl: '/relative' } },
			'Invalid "Event Fallback URL" [item 0]: "/relative" is not an absolute http(s) URL',
		],
		[{ additionalFields: { connectionMetadata: '[1, 2]' } }, 'Invalid "Connection Metadata" [item 0]: it must be a JSON object, e.g. {"key": "value"}'],
		[{ additionalFields: { connectionMetadata: '{nope' } }, 'Invalid "Connection Metadata" [item 0]: it is not valid JSON'],
		[
			{ options: { includeConnectBxml: true, connectEventCallbackUrl: 'nope' } },
			'Invalid "Connect Event Callback URL" [item 0]: "nope" is not an absolute http(s) URL',
		],
	])('refuses bad input #%# before any request', async (parameters, message) => {
		const run = await ctx.run({ operation: 'create', direction: 'INBOUND', ...parameters });
		expect(run.error?.message).toBe(message);
		expect(run.error?.name).toBe('NodeOperationError');
		expect(ctx.sim.requests).toEqual([]);
	});

	it('accepts a tag of exactly 1024 characters', async () => {
		const run = await ctx.run({ operation: 'create', direction: 'OUTBOUND', additionalFields: { tag: 'x'.repeat(1024) } });
		expect(run.error).toBeUndefined();
		expect((run.items[0].json.tag as string).length).toBe(1024);
	});

	it('with Continue On Fail, a bad item fails alone and the others are created, in order', async () => {
		const run = await ctx.run(
			{ operation: 'create', direction: '={{ $json.direction }}' },
			{ items: [{ direction: 'INBOUND' }, { direction: 'UP' }, { direction: 'OUTBOUND' }], continueOnFail: true },
		);
		expect(run.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(run.items[1].json).toEqual({ error: 'Invalid "Direction" [item 1]: "UP" is not one of INBOUND, OUTBOUND, BIDIRECTIONAL' });
		expect(typeof run.items[0].json.token).toBe('string');
		expect(typeof run.items[2].json.token).toBe('string');
		expect(ctx.sim.brtc.endpoints.size).toBe(2);
	});

	it('adds the callback secret to both event URLs from the callback credential, never showing it', async () => {
		const SECRET = 'cb-5ecr3t-Rt6/+&y';
		ctx.helper.set('bandwidthWebRtcCallbackApi', { secret: SECRET });
		const run = await ctx.run(
			{
				operation: 'create',
				direction: 'INBOUND',
				callbackAuthentication: 'callbackSecret',
				additionalFields: { eventCallbackUrl: TRIGGER_URL, eventFallbackUrl: `${TRIGGER_URL}?fallback=1` },
			},
			{ otherCredentialTypes: ['bandwidthWebRtcCallbackApi'] },
		);
		expect(run.error).toBeUndefined();
		const stored = [...ctx.sim.brtc.endpoints.values()][0];
		expect(new URL(stored.eventCallbackUrl as string).searchParams.get('secret')).toBe(SECRET);
		const fallback = new URL(stored.eventFallbackUrl as string);
		expect([fallback.searchParams.get('secret'), fallback.searchParams.get('fallback')]).toEqual([SECRET, '1']);
		expect(everythingVisible(run)).not.toContain(SECRET);

		const noUrl = await ctx.run(
			{ operation: 'create', direction: 'INBOUND', callbackAuthentication: 'callbackSecret' },
			{ otherCredentialTypes: ['bandwidthWebRtcCallbackApi'] },
		);
		expect(noUrl.error?.message).toBe(
			'Invalid "Event Callback URL" [item 0]: it is empty, but Callback Authentication is Callback Secret',
		);
	});

	it('maps too_many_endpoints to a hint, without retrying or waiting for Retry-After', async () => {
		ctx.sim.brtc.setMaxEndpoints(0);
		const run = await ctx.run({ operation: 'create', direction: 'INBOUND' }, { continueOnFail: true });
		const error = run.items[0].error as unknown as IDataObject;
		// What to do is in the message: an AI agent's model reads nothing else.
		expect(error.message).toBe(
			'Bandwidth answered 429 Too Many Requests: Too many endpoints. Please delete an existing endpoint or wait 24 hours for an endpoint to be removed. (too_many_endpoints). ' +
				'The account holds as many endpoints as Bandwidth allows: delete the endpoints no longer needed (Endpoint > Get Many, then Endpoint > Delete) or wait until they expire, 24 hours after creation. ' +
				'The node does not retry this: waiting a few seconds frees nothing.',
		);
		expect(error.message).not.toMatch(/asked to wait/);
		expect(apiLines(ctx.sim)).toEqual([`POST ${ENDPOINTS_PATH}`]);
	});
});

describe('Endpoint → Get, Get Many, Delete, Update BXML', () => {
	it('gets an endpoint out of its envelope, and names a missing one', async () => {
		const [id] = await ctx.createEndpoints(1);
		const run = await ctx.run({ operation: 'get', endpointId: id });
		expect(run.items[0].json).toMatchObject({ endpointId: id, type: 'WEBRTC', status: 'DISCONNECTED', devices: [] });
		expect(run.items[0].json.links).toBeUndefined();

		const missing = await ctx.run({ operation: 'get', endpointId: 'e-gone' }, { continueOnFail: true });
		const error = missing.items[0].error as unknown as IDataObject;
		expect(error.message).toBe(
			'Bandwidth answered 404 Not Found: The requested resource was not found. (resource_not_found). The endpoint does not exist: it was deleted, or it expired (endpoints live 24 hours). Check the Endpoint ID, or create a new endpoint.',
		);
		expect(error.httpCode).toBe('404');
	});

	it('refuses an endpoint ID that would change the path', async () => {
		const run = await ctx.run({ operation: 'get', endpointId: '../participants' });
		expect(run.error?.message).toMatch(/^Invalid "Endpoint ID" \[item 0\]: "\.\.\/participants" holds "\/", "\?", "#" or "\.\."/);
		expect(ctx.sim.requests).toEqual([]);
	});

	it('Return All follows the next cursor across pages of 1000', async () => {
		const ids = await ctx.createEndpoints(2005);
		const run = await ctx.run({ operation: 'getAll', returnAll: true });
		expect(run.items.map((item) => item.json.endpointId)).toEqual(ids);
		const lines = apiLines(ctx.sim);
		expect(lines).toHaveLength(3);
		expect(lines[0]).toBe(`GET ${ENDPOINTS_PATH}?limit=1000`);
		expect(lines[1]).toMatch(new RegExp(`^GET ${ENDPOINTS_PATH}\\?limit=1000&afterCursor=`));
		run.items.forEach((item) => expect(item.pairedItem).toEqual({ item: 0 }));
	});

	it('Limit asks for no more than needed; filters use the API\'s query names', async () => {
		const ids = await ctx.createEndpoints(4);
		await ctx.sim.brtc.sendEvent(ids[2], 'endpointConnected');
		const limited = await ctx.run({ operation: 'getAll', returnAll: false, limit: 3 });
		expect(limited.items.map((item) => item.json.endpointId)).toEqual(ids.slice(0, 3));
		expect(apiLines(ctx.sim)).toEqual([`GET ${ENDPOINTS_PATH}?limit=3`]);

		ctx.sim.clearRequests();
		const connected = await ctx.run({ operation: 'getAll', returnAll: true, filters: { status: 'CONNECTED', type: 'WEBRTC' } });
		expect(connected.items.map((item) => item.json.endpointId)).toEqual([ids[2]]);
		expect(apiLines(ctx.sim)).toEqual([`GET ${ENDPOINTS_PATH}?type=WEBRTC&status=CONNECTED&limit=1000`]);
	});

	it('Get Many stops with an error instead of asking for the same page again', async () => {
		await withToken();
		const page = {
			links: [{ rel: 'next', href: `https://api.bandwidth.com${ENDPOINTS_PATH}?limit=1000&afterCursor=SAME`, method: 'GET' }],
			data: [{ endpointId: 'e-loop', type: 'WEBRTC', status: 'DISCONNECTED' }],
			errors: [],
		};
		ctx.sim.injectFaults({ kind: 'status', status: 200, body: page }, 2);
		const run = await ctx.run({ operation: 'getAll', returnAll: true });
		expect(run.error?.message).toBe('Bandwidth sent the same next-page cursor twice');
		expect(apiLines(ctx.sim)).toEqual([`GET ${ENDPOINTS_PATH}?limit=1000`, `GET ${ENDPOINTS_PATH}?limit=1000&afterCursor=SAME`]);
	});

	it('Get Many of an empty account gives no items', async () => {
		const run = await ctx.run({ operation: 'getAll', returnAll: true });
		expect(run.error).toBeUndefined();
		expect(run.items).toEqual([]);
	});

	it('deletes an endpoint; a second delete is a 404 unless Treat Not Found as Success', async () => {
		const [id] = await ctx.createEndpoints(1);
		const run = await ctx.run({ operation: 'delete', endpointId: id });
		expect(run.items[0].json).toEqual({ success: true, endpointId: id });
		expect(ctx.sim.brtc.endpoints.has(id)).toBe(false);
		const again = await ctx.run({ operation: 'delete', endpointId: id });
		expect(again.error?.message).toBe(
			'Bandwidth answered 404 Not Found: The requested resource was not found. (resource_not_found). The endpoint does not exist: it was deleted, or it expired (endpoints live 24 hours). Check the Endpoint ID, or create a new endpoint.',
		);
		const tolerant = await ctx.run({ operation: 'delete', endpointId: id, options: { notFoundIsSuccess: true } });
		expect(tolerant.items[0].json).toEqual({ success: true, endpointId: id });
	});

	it('sends BXML as application/xml, exactly as given', async () => {
		const [id] = await ctx.createEndpoints(1);
		const bxml = '<Response><StartRecording /></Response>';
		const run = await ctx.run({ operation: 'updateBxml', endpointId: id, bxml });
		expect(run.items[0].json).toEqual({ success: true, endpointId: id });
		const put = ctx.sim.requests.find((r) => r.method === 'PUT');
		expect(put?.path).toBe(`${ENDPOINTS_PATH}/${id}/bxml`);
		expect(put?.headers['content-type']).toBe('application/xml');
		expect(put?.body).toBe(bxml);
		expect(ctx.sim.brtc.bxml.get(id)).toEqual([bxml]);
	});

	it.each([
		['  \n ', 'Invalid "BXML" [item 0]: it is empty'],
		['StartRecording', 'Invalid "BXML" [item 0]: it is not an XML document'],
		[`<Response>${'x'.repeat(64 * 1024)}</Response>`, /^Invalid "BXML" \[item 0\]: it has 65557 bytes; Bandwidth allows at most 65536/],
	])('refuses BXML #%# before any request', async (bxml, message) => {
		const run = await ctx.run({ operation: 'updateBxml', endpointId: 'e-1', bxml });
		expect(run.error?.message).toMatch(message);
		expect(ctx.sim.requests).toEqual([]);
	});

	it('an expired endpoint is gone (404) after 24 hours', async () => {
		const [id] = await ctx.createEndpoints(1);
		ctx.sim.brtc.advanceClock(24 * 3600);
		const run = await ctx.run({ operation: 'get', endpointId: id });
		expect(run.error?.message).toMatch(/^Bandwidth answered 404 Not Found/);
	});
});

describe('BRTC credential in use', () => {
	it('fetches one token for many items and never shows the client secret or the token', async () => {
		const run = await ctx.run(
			{ operation: 'create', direction: 'INBOUND' },
			{ items: Array.from({ length: 5 }, () => ({})) },
		);
		expect(run.items).toHaveLength(5);
		expect(ctx.sim.requests.filter((r) => r.path === TOKEN_PATH)).toHaveLength(1);
		const token = ctx.helper.store.get('bandwidthBrtcOAuth2Api')?.accessToken as string;
		expect(token.length).toBeGreaterThan(10);
		const visible = everythingVisible(run);
		expect(visible).not.toContain(CLIENT_SECRET);
		expect(visible).not.toContain(token);
	});

	it('after a 401 (revoked token), fetches a new token once and sends the request again', async () => {
		await ctx.run({ operation: 'getAll', returnAll: true });
		ctx.sim.revokeAccessTokens();
		ctx.sim.clearRequests();
		const run = await ctx.run({ operation: 'getAll', returnAll: true });
		expect(run.error).toBeUndefined();
		expect(ctx.sim.requests.map((r) => `${r.method} ${r.path.split('?')[0]} ${r.status}`)).toEqual([
			`GET ${ENDPOINTS_PATH} 401`,
			`POST ${TOKEN_PATH} 200`,
			`GET ${ENDPOINTS_PATH} 200`,
		]);
	});

	it('uses the BRTC base URL, not the WebRTC v1 one', async () => {
		await ctx.run({ operation: 'getAll', returnAll: true });
		expect(apiLines(ctx.sim)).toEqual([`GET /v2/accounts/${ACCOUNT_ID}/endpoints?limit=1000`]);
	});
});
