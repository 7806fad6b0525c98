// The simulator's BRTC Endpoints part, over real HTTP, checked against Bandwidth's spec fixture.
import axios from 'axios';
import type { AxiosInstance, AxiosResponse } from 'axios';
import http from 'http';
import type { AddressInfo } from 'net';
import { decodeJwtPayload, startSimulator } from './index';
import type { Simulator } from './index';
import {
	CREATE_FIELDS,
	DEFAULT_LIMIT,
	ENDPOINT_DIRECTIONS,
	ENDPOINT_STATUSES,
	ENDPOINT_TYPES,
	LIST_QUERY_PARAMETERS,
	MAX_LIMIT,
	MAX_TAG_LENGTH,
} from './brtc/endpoints';
import { loadBrtcSpec, propertyNames } from './brtc/spec';

const ACCOUNT = '9900000';
const spec = loadBrtcSpec();

let sim: Simulator;
let api: AxiosInstance;

async function bearer(): Promise<string> {
	const res = await axios.post(sim.tokenUrl, 'grant_type=client_credentials', {
		auth: { username: 'sim-client', password: 'sim-secret' },
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
	});
	return (res.data as { access_token: string }).access_token;
}

beforeAll(async () => {
	sim = await startSimulator({ accountId: ACCOUNT });
});
afterAll(async () => {
	await sim.close();
});
beforeEach(async () => {
	sim.reset();
	api = axios.create({
		baseURL: `${sim.brtcBaseUrl}/accounts/${ACCOUNT}`,
		headers: { authorization: `Bearer ${await bearer()}` },
		validateStatus: () => true,
	});
});

function expectConforms(value: unknown, schema: Record<string, unknown>): void {
	expect(spec.check(value, schema)).toEqual([]);
}

function expectBrtcError(res: AxiosResponse, status: number, type: string): void {
	expect(res.status).toBe(status);
	expectConforms(res.data, spec.schema('brtcErrorResponse'));
	expect((res.data as { errors: Array<{ type: string }> }).errors[0].type).toBe(type);
}

async function create(body: Record<string, unknown> = { type: 'WEBRTC', direction: 'BIDIRECTIONAL' }) {
	const res = await api.post('/endpoints', body);
	expect(res.status).toBe(201);
	return (res.data as { data: { endpointId: string; token: string; creationTimestamp: string } }).data;
}

describe('the spec fixture and the simulator agree', () => {
	it('keeps the source line of Bandwidth\'s file', () => {
		expect(spec.text).toMatch(/^# Source: github\.com\/Bandwidth\/node-sdk, bandwidth\.yml, commit 4ba8cac8e371d09e0b13e553d3f1dbcb0178b592/m);
	});

	it('accepts exactly the create fields, enums and limits of the spec', () => {
		expect(propertyNames(spec, spec.schema('createEndpointRequest')).sort()).toEqual([...CREATE_FIELDS].sort());
		expect(spec.schema('endpointTypeEnum').enum).toEqual(ENDPOINT_TYPES);
		expect(spec.schema('endpointDirectionEnum').enum).toEqual(ENDPOINT_DIRECTIONS);
		expect(spec.schema('endpointStatusEnum').enum).toEqual(ENDPOINT_STATUSES);
		// The spec writes `maximum: 1024` on a string; read as its length.
		expect(spec.schema('endpointTag').maximum).toBe(MAX_TAG_LENGTH);
		const limit = spec.resolve('#/components/parameters/limit1') as { schema: Record<string, number> };
		expect([limit.schema.minimum, limit.schema.maximum, limit.schema.default]).toEqual([1, MAX_LIMIT, DEFAULT_LIMIT]);
		const listParameters = (
			(spec.doc.paths as Record<string, Record<string, { parameters: Array<{ $ref: string }> }>>)['/accounts/{accountId}/endpoints']
				.get.parameters
		)
			.map((p) => spec.resolve(p.$ref) as { name: string; in: string })
			.filter((p) => p.in === 'query')
			.map((p) => p.name);
		expect(listParameters.sort()).toEqual([...LIST_QUERY_PARAMETERS].sort());
	});
});

describe('authentication', () => {
	it('answers 401 in the BRTC envelope without a bearer token, and for Basic auth', async () => {
		const none = await axios.get(`${sim.brtcBaseUrl}/accounts/${ACCOUNT}/endpoints`, { validateStatus: () => true });
		expectBrtcError(none, 401, 'unauthorized');
		const basic = await axios.get(`${sim.brtcBaseUrl}/accounts/${ACCOUNT}/endpoints`, {
			auth: { username: 'sim-user', password: 'sim-pass' },
			validateStatus: () => true,
		});
		expectBrtcError(basic, 401, 'unauthorized');
		const revoked = api.defaults.headers.authorization;
		sim.revokeAccessTokens();
		expectBrtcError(await api.get('/endpoints'), 401, 'unauthorized');
		expect(revoked).toMatch(/^Bearer /);
	});

	it('answers 403 for another account and 400 for an account id that is not a number', async () => {
		const other = await api.get(`${sim.brtcBaseUrl}/accounts/9900001/endpoints`);
		expectBrtcError(other, 403, 'forbidden');
		const bad = await api.get(`${sim.brtcBaseUrl}/accounts/abc/endpoints`);
		expectBrtcError(bad, 400, 'invalid_parameter');
	});
});

describe('create', () => {
	it('answers 201 with the spec\'s envelope, the endpoint and a JWT that expires with it', async () => {
		const example = (spec.resolve('#/components/examples/createWeRtcEndpointExample') as { value: Record<string, unknown> }).value;
		const res = await api.post('/endpoints', example);
		expect(res.status).toBe(201);
		expectConforms(res.data, spec.schema('createEndpointResponse'));
		const data = (res.data as { data: Record<string, string> }).data;
		expect(data).toMatchObject({ type: 'WEBRTC', status: 'DISCONNECTED', tag: example.tag, devices: [] });
		expect(data.endpointId).toMatch(/^e-/);
		const claims = decodeJwtPayload(data.token) as { exp: number };
		expect(claims.exp).toBe(Math.floor(Date.parse(data.expirationTimestamp) / 1000));
		expect(Date.parse(data.expirationTimestamp) - Date.parse(data.creationTimestamp)).toBe(24 * 3600 * 1000);
		expect(sim.brtc.endpoints.get(data.endpointId)).toMatchObject({
			direction: 'BIDIRECTIONAL',
			eventCallbackUrl: example.eventCallbackUrl,
			eventFallbackUrl: example.eventFallbackUrl,
		});
	});

	it.each([
		[{ type: 'WEBRTC', direction: 'INBOUND', extra: 1 }, 'extra'],
		[{ direction: 'INBOUND' }, 'type'],
		[{ type: 'SIP', direction: 'INBOUND' }, 'type'],
		[{ type: 'WEBRTC' }, 'direction'],
		[{ type: 'WEBRTC', direction: 'SIDEWAYS' }, 'direction'],
		[{ type: 'WEBRTC', direction: 'INBOUND', eventCallbackUrl: 'not a url' }, 'eventCallbackUrl'],
		[{ type: 'WEBRTC', direction: 'INBOUND', eventFallbackUrl: 42 }, 'eventFallbackUrl'],
		[{ type: 'WEBRTC', direction: 'INBOUND', tag: 'x'.repeat(1025) }, 'tag'],
		[{ type: 'WEBRTC', direction: 'INBOUND', connectionMetadata: [1] }, 'connectionMetadata'],
	])('refuses invalid create body #%# with 400 naming the field', async (body, field) => {
		const res = await api.post('/endpoints', body);
		expectBrtcError(res, 400, 'invalid_parameter');
		expect((res.data as { errors: Array<{ source: { field: string } }> }).errors[0].source.field).toBe(field);
		expect(sim.brtc.endpoints.size).toBe(0);
	});

	it('accepts a 1024-character tag and connection metadata; refuses a body that is not JSON with 415', async () => {
		await create({ type: 'WEBRTC', direction: 'OUTBOUND', tag: 'x'.repeat(1024), connectionMetadata: { a: 1 } });
		const xml = await api.post('/endpoints', '<x/>', { headers: { 'content-type': 'application/xml' } });
		expectBrtcError(xml, 415, 'unsupported_media_type');
	});

	it('answers 429 too_many_endpoints with Retry-After once the account holds its maximum', async () => {
		sim.brtc.setMaxEndpoints(1);
		await create();
		const res = await api.post('/endpoints', { type: 'WEBRTC', direction: 'INBOUND' });
		expectBrtcError(res, 429, 'too_many_endpoints');
		expect(res.headers['retry-after']).toBe('900');
	});
});

describe('get, list, delete and update BXML', () => {
	it('gets an endpoint in the spec\'s envelope, and 404 for an unknown one', async () => {
		const { endpointId } = await create();
		const res = await api.get(`/endpoints/${endpointId}`);
		expect(res.status).toBe(200);
		expectConforms(res.data, spec.schema('endpointResponse'));
		expect((res.data as { data: { token?: string } }).data.token).toBeUndefined();
		expectBrtcError(await api.get('/endpoints/e-missing'), 404, 'resource_not_found');
	});

	it('lists with filters and follows the next cursor page by page', async () => {
		const ids: string[] = [];
		for (let i = 0; i < 5; i++) ids.push((await create()).endpointId);
		await sim.brtc.sendEvent(ids[1], 'endpointConnected').catch(() => undefined);
		const seen: string[] = [];
		let url: string | undefined = '/endpoints?limit=2';
		let pages = 0;
		while (url) {
			const res: AxiosResponse = await api.get(url);
			expect(res.status).toBe(200);
			expectConforms(res.data, spec.schema('listEndpointsResponse'));
			const body = res.data as { data: Array<{ endpointId: string }>; links: Array<{ rel: string; href: string }>; page: Record<string, number> };
			expect(body.page).toMatchObject({ pageSize: 2, totalElements: 5, totalPages: 3, pageNumber: pages });
			seen.push(...body.data.map((e) => e.endpointId));
			const next = body.links.find((l) => l.rel === 'next');
			url = next ? `/endpoints?${new URL(next.href).searchParams.toString()}` : undefined;
			pages++;
		}
		expect(pages).toBe(3);
		expect(seen).toEqual(ids);

		const connected = await api.get('/endpoints?status=CONNECTED&type=WEBRTC');
		expect((connected.data as { data: Array<{ endpointId: string }> }).data.map((e) => e.endpointId)).toEqual([ids[1]]);
	});

	it.each(['limit=0', 'limit=1001', 'limit=two', 'status=GONE', 'type=SIP', 'afterCursor=%%%', 'page=2'])(
		'refuses the list query %s with 400',
		async (query) => {
			expectBrtcError(await api.get(`/endpoints?${query}`), 400, 'invalid_parameter');
		},
	);

	it('deletes with 204, then 404; other methods get 405', async () => {
		const { endpointId } = await create();
		expect((await api.delete(`/endpoints/${endpointId}`)).status).toBe(204);
		expectBrtcError(await api.delete(`/endpoints/${endpointId}`), 404, 'resource_not_found');
		expectBrtcError(await api.patch('/endpoints', {}), 405, 'method_not_allowed');
	});

	it('takes BXML as application/xml only', async () => {
		const { endpointId } = await create();
		const example = (spec.resolve('#/components/examples/updateEndpointBxmlRequestExample') as { value: string }).value;
		const ok = await api.put(`/endpoints/${endpointId}/bxml`, example, { headers: { 'content-type': 'application/xml' } });
		expect(ok.status).toBe(204);
		expect(sim.brtc.bxml.get(endpointId)).toEqual([example]);
		const json = await api.put(`/endpoints/${endpointId}/bxml`, { bxml: example });
		expectBrtcError(json, 415, 'unsupported_media_type');
		const missing = await api.put('/endpoints/e-missing/bxml', example, { headers: { 'content-type': 'application/xml' } });
		expectBrtcError(missing, 404, 'resource_not_found');
	});

	it('forgets endpoints 24 hours after creation', async () => {
		const { endpointId } = await create();
		sim.brtc.advanceClock(24 * 3600 - 1);
		expect((await api.get(`/endpoints/${endpointId}`)).status).toBe(200);
		sim.brtc.advanceClock(1);
		expectBrtcError(await api.get(`/endpoints/${endpointId}`), 404, 'resource_not_found');
		expect((await api.get('/endpoints')).data).toMatchObject({ data: [] });
	});

	it('backdates one endpoint through the control endpoint, leaving the others as they are', async () => {
		const old = await create();
		const fresh = await create();
		const before = (await api.get(`/endpoints/${old.endpointId}`)).data.data;
		const res = await axios.post(`${sim.url}/__sim/brtc/endpoints/${old.endpointId}/age`, { seconds: 3600 });
		expect(res.status).toBe(200);
		const after = (await api.get(`/endpoints/${old.endpointId}`)).data.data;
		expect(Date.parse(before.creationTimestamp) - Date.parse(after.creationTimestamp)).toBe(3600_000);
		expect(Date.parse(before.expirationTimestamp) - Date.parse(after.expirationTimestamp)).toBe(3600_000);
		expect((await api.get(`/endpoints/${fresh.endpointId}`)).data.data.creationTimestamp).toBe(fresh.creationTimestamp);
		await axios.post(`${sim.url}/__sim/brtc/endpoints/${old.endpointId}/age`, { seconds: 23 * 3600 });
		expectBrtcError(await api.get(`/endpoints/${old.endpointId}`), 404, 'resource_not_found');
		const missing = await axios.post(`${sim.url}/__sim/brtc/endpoints/e-missing/age`, { seconds: 1 }, { validateStatus: () => true });
		expect(missing.status).toBe(404);
	});
});

describe('webhooks', () => {
	let receiver: http.Server;
	let received: Array<{ path: string; body: Record<string, unknown> }>;
	let statusFor: (path: string) => number;
	let receiverUrl: string;

	beforeAll(async () => {
		receiver = http.createServer((req, res) => {
			let raw = '';
			req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
			req.on('end', () => {
				received.push({ path: req.url ?? '', body: JSON.parse(raw) as Record<string, unknown> });
				res.writeHead(statusFor(req.url ?? '')).end();
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		await new Promise<void>((resolve) => receiver.close(() => resolve()));
	});
	beforeEach(() => {
		received = [];
		statusFor = () => 204;
	});

	it('posts the docs\' shape on connect and disconnect, and the endpoint follows', async () => {
		const { endpointId } = await create({
			type: 'WEBRTC',
			direction: 'BIDIRECTIONAL',
			eventCallbackUrl: `${receiverUrl}/main`,
			tag: 'crm-7',
		});
		const connected = await sim.brtc.sendEvent(endpointId, 'endpointConnected');
		expect(connected.delivered).toBe(true);
		expect(received).toEqual([
			{
				path: '/main',
				body: {
					accountId: ACCOUNT,
					endpointId,
					event: 'endpointConnected',
					deviceId: expect.stringMatching(/^d-/),
					timestamp: expect.any(Number),
					tags: 'crm-7',
				},
			},
		]);
		const got = await api.get(`/endpoints/${endpointId}`);
		expect(got.data).toMatchObject({ data: { status: 'CONNECTED', devices: [{ status: 'CONNECTED' }] } });
		await sim.brtc.sendEvent(endpointId, 'endpointDisconnected');
		expect(received[1].body).toMatchObject({ event: 'endpointDisconnected', deviceId: received[0].body.deviceId });
		expect((await api.get(`/endpoints/${endpointId}`)).data).toMatchObject({ data: { status: 'DISCONNECTED' } });
	});

	it('posts the spec\'s endpointEvent shape when asked, conforming to it', async () => {
		const { endpointId } = await create({ type: 'WEBRTC', direction: 'INBOUND', eventCallbackUrl: `${receiverUrl}/main` });
		await sim.brtc.sendEvent(endpointId, 'endpointConnected', { shape: 'spec' });
		expectConforms(received[0].body, spec.schema('endpointEvent'));
		expect(received[0].body).toMatchObject({ endpointId, eventType: 'DEVICE_CONNECTED', status: 'CONNECTED' });
	});

	it('falls back to eventFallbackUrl when the callback URL does not answer 2xx, and only then', async () => {
		const { endpointId } = await create({
			type: 'WEBRTC',
			direction: 'INBOUND',
			eventCallbackUrl: `${receiverUrl}/main`,
			eventFallbackUrl: `${receiverUrl}/fallback`,
		});
		statusFor = (path) => (path === '/main' ? 500 : 200);
		const first = await sim.brtc.sendEvent(endpointId, 'endpointConnected');
		expect(first.attempts.map((a) => [a.url, a.status])).toEqual([
			[`${receiverUrl}/main`, 500],
			[`${receiverUrl}/fallback`, 200],
		]);
		expect(first.delivered).toBe(true);
		statusFor = () => 200;
		const second = await sim.brtc.sendEvent(endpointId, 'endpointDisconnected');
		expect(second.attempts.map((a) => a.url)).toEqual([`${receiverUrl}/main`]);
	});

	it('sends events through the control endpoint for other processes', async () => {
		const { endpointId } = await create({ type: 'WEBRTC', direction: 'INBOUND', eventCallbackUrl: `${receiverUrl}/main` });
		const res = await axios.post(`${sim.url}/__sim/brtc/endpoints/${endpointId}/events`, { event: 'endpointEligible' });
		expect(res.status).toBe(200);
		expect(received[0].body).toMatchObject({ event: 'endpointEligible', endpointId });
		const clock = await axios.post(`${sim.url}/__sim/brtc/clock`, { advanceSeconds: 86400 });
		expect(clock.status).toBe(200);
		expect(sim.brtc.endpoints.size).toBe(0);
	});
});
