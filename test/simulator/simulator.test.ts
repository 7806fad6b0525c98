// Tests of the simulator itself, over real HTTP with axios.
import axios from 'axios';
import type { AxiosInstance, AxiosResponse } from 'axios';
import { spawn } from 'child_process';
import http from 'http';
import type { AddressInfo } from 'net';
import path from 'path';
import { decodeJwtPayload, startSimulator } from './index';
import type { ParticipantEventPayload, Simulator } from './index';

const ACCOUNT = '9900000';

let sim: Simulator;
let api: AxiosInstance;

/** Any status is an answer here; only network failures throw. */
function client(baseURL: string, auth?: { username: string; password: string }): AxiosInstance {
	return axios.create({ baseURL, auth, validateStatus: () => true });
}

beforeAll(async () => {
	sim = await startSimulator();
	api = client(`${sim.baseUrl}/accounts/${ACCOUNT}`, { username: 'sim-user', password: 'sim-pass' });
});

afterAll(async () => {
	await sim.close();
});

beforeEach(() => sim.reset());

async function createParticipant(body: unknown = { publishPermissions: ['AUDIO', 'VIDEO'] }): Promise<{ id: string; token: string }> {
	const res = await api.post('/participants', body);
	expect(res.status).toBe(200);
	const data = res.data as { participant: { id: string }; token: string };
	return { id: data.participant.id, token: data.token };
}

async function createSession(tag?: string): Promise<string> {
	const res = await api.post('/sessions', tag === undefined ? {} : { tag });
	expect(res.status).toBe(200);
	return (res.data as { id: string }).id;
}

function expectApiError(res: AxiosResponse, status: number, text?: RegExp): void {
	expect(res.status).toBe(status);
	expect(res.headers['content-type']).toMatch(/^application\/json/);
	const body = res.data as { error: string; requestId: string };
	expect(typeof body.error).toBe('string');
	expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
	if (text) expect(body.error).toMatch(text);
}

async function tokenRequest(form: Record<string, string>, auth?: { username: string; password: string }): Promise<AxiosResponse> {
	return axios.post(sim.tokenUrl, new URLSearchParams(form).toString(), {
		auth,
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		validateStatus: () => true,
	});
}

async function accessToken(): Promise<string> {
	const res = await tokenRequest({ grant_type: 'client_credentials' }, { username: 'sim-client', password: 'sim-secret' });
	expect(res.status).toBe(200);
	return (res.data as { access_token: string }).access_token;
}

/** A throwaway receiver for participant callbacks. */
async function startReceiver(status = 200): Promise<{ url: string; received: Array<{ headers: http.IncomingHttpHeaders; body: string }>; close: () => Promise<void> }> {
	const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString()));
		req.on('end', () => {
			received.push({ headers: req.headers, body });
			res.writeHead(status, { 'content-type': 'text/plain' });
			res.end('got it');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/hook`,
		received,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

describe('startSimulator', () => {
	it('listens on 127.0.0.1 and exposes its urls and account', () => {
		expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(sim.baseUrl).toBe(`${sim.url}/v1`);
		expect(sim.tokenUrl).toBe(`${sim.url}/api/v1/oauth2/token`);
		expect(sim.accountId).toBe(ACCOUNT);
	});

	it('takes its credentials and account from options', async () => {
		const other = await startSimulator({ accountId: 'acc 7', username: 'u', password: 'p' });
		try {
			const ok = await client(`${other.baseUrl}/accounts/${encodeURIComponent('acc 7')}`, { username: 'u', password: 'p' }).post('/sessions', {});
			expect(ok.status).toBe(200);
			const wrong = await client(`${other.baseUrl}/accounts/${encodeURIComponent('acc 7')}`, { username: 'sim-user', password: 'sim-pass' }).post('/sessions', {});
			expect(wrong.status).toBe(401);
		} finally {
			await other.close();
		}
	});

	it('close() ends keep-alive connections so it resolves at once', async () => {
		const other = await startSimulator();
		const agent = new http.Agent({ keepAlive: true });
		const res = await axios.get(`${other.url}/__sim/state`, { httpAgent: agent });
		expect(res.status).toBe(200);
		const started = Date.now();
		await other.close();
		expect(Date.now() - started).toBeLessThan(1000);
		agent.destroy();
	});
});

describe('authentication', () => {
	it('accepts the right Basic credentials', async () => {
		const res = await api.post('/sessions', {});
		expect(res.status).toBe(200);
	});

	it.each([
		['no Authorization header', undefined],
		['a wrong password', `Basic ${Buffer.from('sim-user:nope').toString('base64')}`],
		['a wrong user', `Basic ${Buffer.from('someone:sim-pass').toString('base64')}`],
		['a malformed Basic header', 'Basic !!!not-base64'],
		['Basic without a colon', `Basic ${Buffer.from('sim-user').toString('base64')}`],
		['an unknown scheme', 'Token abc'],
		['an unknown bearer token', 'Bearer not-a-token'],
	])('answers 401 Unauthorized to %s, changing nothing', async (_label, authorization) => {
		const res = await axios.post(`${sim.baseUrl}/accounts/${ACCOUNT}/participants`, {}, {
			headers: authorization ? { authorization } : {},
			validateStatus: () => true,
		});
		expect(res.status).toBe(401);
		expect(res.headers['content-type']).toMatch(/^application\/json/);
		expect(res.data).toEqual({ message: 'Unauthorized' });
		expect(sim.participants.size).toBe(0);
	});

	it('answers 403 Forbidden to the right credentials on another account', async () => {
		const res = await client(`${sim.baseUrl}/accounts/1234567`, { username: 'sim-user', password: 'sim-pass' }).post('/participants', {});
		expect(res.status).toBe(403);
		expect(res.data).toEqual({ message: 'Forbidden' });
		expect(sim.participants.size).toBe(0);
	});

	it('URL-decodes the account id segment', async () => {
		// %39 is "9".
		const res = await client(`${sim.baseUrl}/accounts/%39900000`, { username: 'sim-user', password: 'sim-pass' }).post('/sessions', {});
		expect(res.status).toBe(200);
	});

	it.each([
		['GET', '/v1/accounts/9900000/participants'],
		['PATCH', '/v1/accounts/9900000/participants/abc'],
		['GET', '/v1/accounts/9900000/sessions'],
		['POST', '/v1/accounts/9900000/sessions/abc'],
		['GET', '/v1/accounts/9900000/accounts/9900000/participants'],
		['GET', '/v1/accounts/9900000/participants/'],
		['GET', '/v1/nothing'],
		['GET', '/'],
	])('answers 403 Missing Authentication Token to %s %s (not an API route), even with credentials', async (method, route) => {
		const res = await axios.request({
			method,
			url: `${sim.url}${route}`,
			auth: { username: 'sim-user', password: 'sim-pass' },
			validateStatus: () => true,
		});
		expect(res.status).toBe(403);
		expect(res.data).toEqual({ message: 'Missing Authentication Token' });
	});
});

describe('participants', () => {
	it('creates a participant with a JWT device token', async () => {
		const res = await api.post('/participants', {
			callbackUrl: 'https://example.com/callback',
			publishPermissions: ['VIDEO', 'AUDIO'],
			tag: 'participant1',
			deviceApiVersion: 'V3',
		});
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toMatch(/^application\/json/);
		const { participant, token } = res.data as { participant: Record<string, unknown>; token: string };
		expect(participant).toEqual({
			id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
			callbackUrl: 'https://example.com/callback',
			publishPermissions: ['VIDEO', 'AUDIO'],
			sessions: [],
			subscriptions: {},
			tag: 'participant1',
			deviceApiVersion: 'V3',
		});
		expect(sim.participants.get(participant.id as string)).toEqual(participant);

		const [header, , signature] = token.split('.');
		expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
		expect(signature.length).toBeGreaterThan(20);
		const claims = decodeJwtPayload(token) as { tid: string; v: string; exp: number; iat: number };
		expect(claims.tid).toBe(participant.id);
		expect(claims.v).toBe('V3');
		expect(claims.exp - claims.iat).toBe(3600);
		expect(Math.abs(claims.iat - Date.now() / 1000)).toBeLessThan(5);
		expect(sim.verifyDeviceToken(token)).toEqual(claims);
		expect(sim.verifyDeviceToken(`${token.slice(0, -2)}xx`)).toBeNull();
	});

	it('applies defaults to an empty body and leaves out what was not given', async () => {
		const res = await api.post('/participants', {});
		expect(res.status).toBe(200);
		const { participant } = res.data as { participant: Record<string, unknown> };
		expect(participant).toEqual({ id: expect.any(String), publishPermissions: [], sessions: [], subscriptions: {}, deviceApiVersion: 'V3' });
	});

	it('accepts no body at all, a null callbackUrl, V2 and 1.0.5 subscriptions', async () => {
		const bare = await api.post('/participants');
		expect(bare.status).toBe(200);
		const res = await api.post('/participants', {
			callbackUrl: null,
			deviceApiVersion: 'V2',
			subscriptions: { sessionId: 's1', participants: [{ participantId: 'p1', streamAliases: ['a'] }] },
		});
		expect(res.status).toBe(200);
		const { participant, token } = res.data as { participant: Record<string, unknown>; token: string };
		expect(participant.callbackUrl).toBeUndefined();
		expect(participant.deviceApiVersion).toBe('V2');
		expect(participant.subscriptions).toEqual({ sessionId: 's1', participants: [{ participantId: 'p1', streamAliases: ['a'] }] });
		expect((decodeJwtPayload(token) as { v: string }).v).toBe('V2');
	});

	it('gives every participant its own id and token', async () => {
		const a = await createParticipant();
		const b = await createParticipant();
		expect(a.id).not.toBe(b.id);
		expect(a.token).not.toBe(b.token);
	});

	it('uses deviceTokenLifetimeSeconds for exp', async () => {
		const other = await startSimulator({ deviceTokenLifetimeSeconds: 120 });
		try {
			const res = await client(`${other.baseUrl}/accounts/${ACCOUNT}`, { username: 'sim-user', password: 'sim-pass' }).post('/participants', {});
			const claims = decodeJwtPayload((res.data as { token: string }).token) as { exp: number; iat: number };
			expect(claims.exp - claims.iat).toBe(120);
		} finally {
			await other.close();
		}
	});

	it.each([
		['not JSON', '{"tag": ', /not valid JSON/],
		['an array', '[]', /JSON object/],
		['a string permission list', '{"publishPermissions": "AUDIO"}', /publishPermissions must be an array/],
		['an unknown permission', '{"publishPermissions": ["AUDIO", "SCREEN"]}', /unknown permission "SCREEN"/],
		['a duplicate permission', '{"publishPermissions": ["AUDIO", "AUDIO"]}', /duplicate permission AUDIO/],
		['a tag over 50 characters', JSON.stringify({ tag: 'x'.repeat(51) }), /at most 50 characters/],
		['a numeric tag', '{"tag": 5}', /tag must be a string/],
		['a relative callbackUrl', '{"callbackUrl": "/callback"}', /absolute http\(s\) URL/],
		['an ftp callbackUrl', '{"callbackUrl": "ftp://example.com/x"}', /absolute http\(s\) URL/],
		['a numeric callbackUrl', '{"callbackUrl": 7}', /callbackUrl must be a string or null/],
		['an unknown deviceApiVersion', '{"deviceApiVersion": "V4"}', /deviceApiVersion/],
		['a subscription without participantId', '{"subscriptions": {"participants": [{"streamAliases": []}]}}', /participantId is required/],
		['an unknown field', '{"permissions": ["AUDIO"]}', /Unknown field 'permissions'/],
	])('refuses %s with 400 and creates nothing', async (_label, body, message) => {
		const res = await api.post('/participants', body, { headers: { 'content-type': 'application/json' }, transformRequest: [(data: unknown) => data] });
		expectApiError(res, 400, message);
		expect(sim.participants.size).toBe(0);
	});

	it('accepts a tag of exactly 50 characters', async () => {
		const res = await api.post('/participants', { tag: 'é'.repeat(50) });
		expect(res.status).toBe(200);
	});

	it('gets a participant, and 404 for an unknown one', async () => {
		const { id } = await createParticipant({ tag: 't', publishPermissions: ['AUDIO'] });
		const res = await api.get(`/participants/${id}`);
		expect(res.status).toBe(200);
		expect(res.data).toMatchObject({ id, tag: 't', publishPermissions: ['AUDIO'], sessions: [] });

		const missing = await api.get('/participants/00000000-0000-4000-8000-000000000000');
		expectApiError(missing, 404, /Participant 00000000-0000-4000-8000-000000000000 not found/);
		expect(missing.headers['x-amzn-requestid']).toBe((missing.data as { requestId: string }).requestId);
	});

	it('deletes a participant (204, then 404) and takes it out of its session', async () => {
		const { id } = await createParticipant();
		const sessionId = await createSession();
		expect((await api.put(`/sessions/${sessionId}/participants/${id}`)).status).toBe(204);

		const res = await api.delete(`/participants/${id}`);
		expect(res.status).toBe(204);
		expect(res.data).toBe('');
		expect(sim.participants.has(id)).toBe(false);
		expect(sim.sessions.get(sessionId)?.participantIds).toEqual([]);
		expect((await api.get(`/sessions/${sessionId}/participants`)).status).toBe(204);

		expectApiError(await api.delete(`/participants/${id}`), 404);
	});
});

describe('sessions', () => {
	it('creates and gets a session, with and without a tag', async () => {
		const res = await api.post('/sessions', { tag: 'session1' });
		expect(res.status).toBe(200);
		expect(res.data).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), tag: 'session1' });
		const { id } = res.data as { id: string };
		expect((await api.get(`/sessions/${id}`)).data).toEqual({ id, tag: 'session1' });

		const untagged = await api.post('/sessions');
		expect(untagged.status).toBe(200);
		expect(untagged.data).toEqual({ id: expect.any(String) });
		expect(sim.sessions.size).toBe(2);
	});

	it.each([
		['not JSON', 'nope', /not valid JSON/],
		['a long tag', JSON.stringify({ tag: 'y'.repeat(51) }), /at most 50/],
		['a numeric tag', '{"tag": 1}', /tag must be a string/],
		['an id', '{"id": "mine"}', /Unknown field 'id'/],
	])('refuses %s with 400', async (_label, body, message) => {
		const res = await api.post('/sessions', body, { headers: { 'content-type': 'application/json' }, transformRequest: [(data: unknown) => data] });
		expectApiError(res, 400, message);
		expect(sim.sessions.size).toBe(0);
	});

	it('answers 404 for an unknown session on every session route', async () => {
		const sid = 'no-such-session';
		const { id } = await createParticipant();
		for (const res of [
			await api.get(`/sessions/${sid}`),
			await api.delete(`/sessions/${sid}`),
			await api.get(`/sessions/${sid}/participants`),
			await api.put(`/sessions/${sid}/participants/${id}`),
			await api.delete(`/sessions/${sid}/participants/${id}`),
			await api.get(`/sessions/${sid}/participants/${id}/subscriptions`),
			await api.put(`/sessions/${sid}/participants/${id}/subscriptions`, {}),
		]) {
			expectApiError(res, 404, /Session no-such-session not found/);
		}
	});

	it('deletes a session and its participants are then in no session', async () => {
		const sessionId = await createSession();
		const a = await createParticipant();
		const b = await createParticipant();
		await api.put(`/sessions/${sessionId}/participants/${a.id}`, { sessionId });
		await api.put(`/sessions/${sessionId}/participants/${b.id}`);

		expect((await api.delete(`/sessions/${sessionId}`)).status).toBe(204);
		expect(sim.sessions.has(sessionId)).toBe(false);
		const got = (await api.get(`/participants/${a.id}`)).data as { sessions: string[]; subscriptions: unknown };
		expect(got.sessions).toEqual([]);
		expect(got.subscriptions).toEqual({});
		expectApiError(await api.get(`/sessions/${sessionId}`), 404);

		// Free again: b can join another session.
		const next = await createSession();
		expect((await api.put(`/sessions/${next}/participants/${b.id}`)).status).toBe(204);
	});

	it('lists session participants: 204 when empty, 200 with the participants in join order', async () => {
		const sessionId = await createSession();
		const empty = await api.get(`/sessions/${sessionId}/participants`);
		expect(empty.status).toBe(204);
		expect(empty.data).toBe('');

		const a = await createParticipant({ tag: 'a' });
		const b = await createParticipant({ tag: 'b' });
		await api.put(`/sessions/${sessionId}/participants/${a.id}`);
		await api.put(`/sessions/${sessionId}/participants/${b.id}`);
		const res = await api.get(`/sessions/${sessionId}/participants`);
		expect(res.status).toBe(200);
		const list = res.data as Array<{ id: string; tag: string; sessions: string[] }>;
		expect(list.map((p) => p.tag)).toEqual(['a', 'b']);
		expect(list.every((p) => p.sessions[0] === sessionId)).toBe(true);
	});
});

describe('session membership', () => {
	it('adds a participant with no body: 204, in the session, no subscriptions', async () => {
		const sessionId = await createSession();
		const { id } = await createParticipant();
		const res = await api.put(`/sessions/${sessionId}/participants/${id}`);
		expect(res.status).toBe(204);
		expect(sim.participants.get(id)?.sessions).toEqual([sessionId]);
		expect(sim.sessions.get(sessionId)?.participantIds).toEqual([id]);
		expect((await api.get(`/sessions/${sessionId}/participants/${id}/subscriptions`)).status).toBe(204);
	});

	it('adds a participant with subscriptions and keeps them for that participant in that session', async () => {
		const sessionId = await createSession();
		const { id } = await createParticipant();
		const subscriptions = { sessionId, participants: [{ participantId: 'other', streamAliases: ['cam'] }] };
		expect((await api.put(`/sessions/${sessionId}/participants/${id}`, subscriptions)).status).toBe(204);
		const res = await api.get(`/sessions/${sessionId}/participants/${id}/subscriptions`);
		expect(res.status).toBe(200);
		expect(res.data).toEqual(subscriptions);
		expect((await api.get(`/participants/${id}`)).data).toMatchObject({ subscriptions });
	});

	it('keeps subscriptions given at create time (1.0.5) when added with no body', async () => {
		const sessionId = await createSession();
		const { id } = await createParticipant({ subscriptions: { sessionId } });
		expect((await api.put(`/sessions/${sessionId}/participants/${id}`)).status).toBe(204);
		const res = await api.get(`/sessions/${sessionId}/participants/${id}/subscriptions`);
		expect(res.status).toBe(200);
		expect(res.data).toEqual({ sessionId });
	});

	it('answers 409 when the participant is already in another session', async () => {
		const first = await createSession();
		const second = await createSession();
		const { id } = await createParticipant();
		await api.put(`/sessions/${first}/participants/${id}`);
		const res = await api.put(`/sessions/${second}/participants/${id}`);
		expectApiError(res, 409, new RegExp(`^Participant ${id} is already in session ${first}$`));
		expect(sim.participants.get(id)?.sessions).toEqual([first]);
		expect(sim.sessions.get(second)?.participantIds).toEqual([]);
	});

	it('accepts adding again to the same session (idempotent PUT) and replaces subscriptions when a body is given', async () => {
		const sessionId = await createSession();
		const { id } = await createParticipant();
		await api.put(`/sessions/${sessionId}/participants/${id}`);
		expect((await api.put(`/sessions/${sessionId}/participants/${id}`, { sessionId })).status).toBe(204);
		expect(sim.sessions.get(sessionId)?.participantIds).toEqual([id]);
		expect((await api.get(`/sessions/${sessionId}/participants/${id}/subscriptions`)).data).toEqual({ sessionId });
	});

	it('refuses the 21st participant of a session with 409', async () => {
		const sessionId = await createSession();
		for (let i = 0; i < 20; i++) {
			const { id } = await createParticipant();
			expect((await api.put(`/sessions/${sessionId}/participants/${id}`)).status).toBe(204);
		}
		const { id } = await createParticipant();
		const res = await api.put(`/sessions/${sessionId}/participants/${id}`);
		expectApiError(res, 409, /at most 20 participants/);
		expect(sim.sessions.get(sessionId)?.participantIds).toHaveLength(20);
		expect(sim.participants.get(id)?.sessions).toEqual([]);
	});

	it('answers 404 to adding an unknown participant', async () => {
		const sessionId = await createSession();
		expectApiError(await api.put(`/sessions/${sessionId}/participants/ghost`), 404, /Participant ghost not found/);
	});

	it.each([
		['not JSON', '{', /not valid JSON/],
		['a participant without participantId', '{"participants": [{}]}', /participantId is required/],
		['non-array participants', '{"participants": "p1"}', /must be an array/],
		['non-string streamAliases', '{"participants": [{"participantId": "p", "streamAliases": [1]}]}', /array of strings/],
		['an empty sessionId', '{"sessionId": ""}', /non-empty string/],
	])('refuses add-participant subscriptions that are %s with 400, adding nothing', async (_label, body, message) => {
		const sessionId = await createSession();
		const { id } = await createParticipant();
		const res = await api.put(`/sessions/${sessionId}/participants/${id}`, body, {
			headers: { 'content-type': 'application/json' },
			transformRequest: [(data: unknown) => data],
		});
		expectApiError(res, 400, message);
		expect(sim.participants.get(id)?.sessions).toEqual([]);
	});

	it('removes a participant from its session (204) and drops its subscriptions', async () => {
		const sessionId = await createSession();
		const { id } = await createParticipant();
		await api.put(`/sessions/${sessionId}/participants/${id}`, { sessionId });
		const res = await api.delete(`/sessions/${sessionId}/participants/${id}`);
		expect(res.status).toBe(204);
		expect(sim.participants.get(id)).toMatchObject({ sessions: [], subscriptions: {} });
		expect(sim.sessions.get(sessionId)?.participantIds).toEqual([]);
		// Not in it any more.
		expectApiError(await api.delete(`/sessions/${sessionId}/participants/${id}`), 404, /is not in session/);
	});

	it('answers 404 to removing a participant from a session it is not in, or an unknown one', async () => {
		const sessionId = await createSession();
		const { id } = await createParticipant();
		expectApiError(await api.delete(`/sessions/${sessionId}/participants/${id}`), 404, /is not in session/);
		expectApiError(await api.delete(`/sessions/${sessionId}/participants/ghost`), 404, /Participant ghost not found/);
	});
});

describe('subscriptions', () => {
	async function member(): Promise<{ sessionId: string; id: string }> {
		const sessionId = await createSession();
		const { id } = await createParticipant();
		await api.put(`/sessions/${sessionId}/participants/${id}`);
		return { sessionId, id };
	}

	it('replaces subscriptions as a whole and reads them back', async () => {
		const { sessionId, id } = await member();
		const url = `/sessions/${sessionId}/participants/${id}/subscriptions`;
		const first = { sessionId, participants: [{ participantId: 'a' }, { participantId: 'b', streamAliases: ['x', 'y'] }] };
		expect((await api.put(url, first)).status).toBe(204);
		expect((await api.get(url)).data).toEqual(first);

		expect((await api.put(url, { participants: [{ participantId: 'c' }] })).status).toBe(204);
		const res = await api.get(url);
		expect(res.status).toBe(200);
		expect(res.data).toEqual({ participants: [{ participantId: 'c' }] });
	});

	it('removes every subscription when updated with no body or an empty object (GET then 204)', async () => {
		const { sessionId, id } = await member();
		const url = `/sessions/${sessionId}/participants/${id}/subscriptions`;
		await api.put(url, { sessionId });
		expect((await api.put(url)).status).toBe(204);
		const none = await api.get(url);
		expect(none.status).toBe(204);
		expect(none.data).toBe('');

		await api.put(url, { sessionId });
		expect((await api.put(url, {})).status).toBe(204);
		expect((await api.get(url)).status).toBe(204);

		await api.put(url, { sessionId });
		const nullBody = await api.put(url, 'null', { headers: { 'content-type': 'application/json' }, transformRequest: [(data: unknown) => data] });
		expect(nullBody.status).toBe(204);
		expect((await api.get(url)).status).toBe(204);
	});

	it('answers 404 when the participant is not in that session', async () => {
		const sessionId = await createSession();
		const { id } = await createParticipant();
		const url = `/sessions/${sessionId}/participants/${id}/subscriptions`;
		expectApiError(await api.get(url), 404, /is not in session/);
		expectApiError(await api.put(url, { sessionId }), 404, /is not in session/);
		expectApiError(await api.get(`/sessions/${sessionId}/participants/ghost/subscriptions`), 404, /Participant ghost not found/);
	});

	it('refuses invalid subscriptions with 400 and keeps the old ones', async () => {
		const { sessionId, id } = await member();
		const url = `/sessions/${sessionId}/participants/${id}/subscriptions`;
		await api.put(url, { sessionId });
		expectApiError(await api.put(url, { participants: [{ streamAliases: ['a'] }] }), 400, /participantId is required/);
		expectApiError(await api.put(url, { participants: [{ participantId: 'p', streamAliases: ['a', 'a'] }] }), 400, /duplicate alias/);
		expectApiError(await api.put(url, [1]), 400, /JSON object/);
		expect((await api.get(url)).data).toEqual({ sessionId });
	});
});

describe('OAuth token endpoint', () => {
	it('issues an opaque bearer token that the API accepts', async () => {
		const res = await tokenRequest({ grant_type: 'client_credentials' }, { username: 'sim-client', password: 'sim-secret' });
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toMatch(/^application\/json/);
		const body = res.data as { access_token: string; token_type: string; expires_in: number };
		expect(body.token_type).toBe('Bearer');
		expect(body.expires_in).toBe(3600);
		expect(body.access_token).toMatch(/^[A-Za-z0-9_-]{32,}$/);
		expect(sim.accessTokensIssued).toBe(1);

		const created = await axios.post(`${sim.baseUrl}/accounts/${ACCOUNT}/sessions`, {}, {
			headers: { authorization: `Bearer ${body.access_token}` },
			validateStatus: () => true,
		});
		expect(created.status).toBe(200);

		const other = await accessToken();
		expect(other).not.toBe(body.access_token);
		expect(sim.accessTokensIssued).toBe(2);
	});

	it('accepts client_id and client_secret in the form', async () => {
		const res = await tokenRequest({ grant_type: 'client_credentials', client_id: 'sim-client', client_secret: 'sim-secret' });
		expect(res.status).toBe(200);
		expect((res.data as { token_type: string }).token_type).toBe('Bearer');
	});

	it('answers 401 invalid_client to a wrong or missing client', async () => {
		for (const res of [
			await tokenRequest({ grant_type: 'client_credentials' }, { username: 'sim-client', password: 'wrong' }),
			await tokenRequest({ grant_type: 'client_credentials', client_id: 'sim-client', client_secret: 'wrong' }),
			await tokenRequest({ grant_type: 'client_credentials' }),
		]) {
			expect(res.status).toBe(401);
			expect(res.data).toMatchObject({ error: 'invalid_client', error_description: expect.any(String) });
		}
		expect(sim.accessTokensIssued).toBe(0);
	});

	it('answers 400 unsupported_grant_type to another grant, and invalid_request to none', async () => {
		const auth = { username: 'sim-client', password: 'sim-secret' };
		const wrong = await tokenRequest({ grant_type: 'password' }, auth);
		expect(wrong.status).toBe(400);
		expect(wrong.data).toMatchObject({ error: 'unsupported_grant_type' });
		const missing = await tokenRequest({}, auth);
		expect(missing.status).toBe(400);
		expect(missing.data).toMatchObject({ error: 'invalid_request' });
	});

	it('stops accepting revoked tokens, and expired ones', async () => {
		const call = (token: string): Promise<AxiosResponse> =>
			axios.post(`${sim.baseUrl}/accounts/${ACCOUNT}/sessions`, {}, { headers: { authorization: `Bearer ${token}` }, validateStatus: () => true });

		const revoked = await accessToken();
		expect((await call(revoked)).status).toBe(200);
		sim.revokeAccessTokens();
		const afterRevoke = await call(revoked);
		expect(afterRevoke.status).toBe(401);
		expect(afterRevoke.data).toEqual({ message: 'Unauthorized' });

		const expired = await accessToken();
		sim.expireAccessTokens();
		expect((await call(expired)).status).toBe(401);
		// A new token works again.
		expect((await call(await accessToken())).status).toBe(200);
	});

	it('uses accessTokenLifetimeSeconds for expires_in and for the token itself', async () => {
		const other = await startSimulator({ accessTokenLifetimeSeconds: 1, clientId: 'c', clientSecret: 's' });
		try {
			const res = await axios.post(other.tokenUrl, 'grant_type=client_credentials', { auth: { username: 'c', password: 's' } });
			const token = (res.data as { access_token: string; expires_in: number }).access_token;
			expect((res.data as { expires_in: number }).expires_in).toBe(1);
			const call = (): Promise<AxiosResponse> =>
				axios.post(`${other.baseUrl}/accounts/${ACCOUNT}/sessions`, {}, { headers: { authorization: `Bearer ${token}` }, validateStatus: () => true });
			expect((await call()).status).toBe(200);
			await new Promise((resolve) => setTimeout(resolve, 1100));
			expect((await call()).status).toBe(401);
		} finally {
			await other.close();
		}
	});

	it('answers Missing Authentication Token to a GET on the token path', async () => {
		const res = await axios.get(sim.tokenUrl, { validateStatus: () => true });
		expect(res.status).toBe(403);
		expect(res.data).toEqual({ message: 'Missing Authentication Token' });
	});
});

describe('request log', () => {
	it('records API and token requests with path, lower-case headers, body, json and status', async () => {
		await api.post('/participants?trace=1', { tag: 'logged' }, { headers: { 'X-Custom': 'yes' } });
		await api.get('/participants/ghost');
		await tokenRequest({ grant_type: 'client_credentials' }, { username: 'sim-client', password: 'sim-secret' });
		await axios.get(`${sim.url}/__sim/state`);

		expect(sim.requests).toHaveLength(3);
		const [create, get, token] = sim.requests;
		expect(create).toMatchObject({ method: 'POST', path: `/v1/accounts/${ACCOUNT}/participants?trace=1`, status: 200, json: { tag: 'logged' } });
		expect(create.body).toBe('{"tag":"logged"}');
		expect(create.headers['x-custom']).toBe('yes');
		expect(create.headers.authorization).toMatch(/^Basic /);
		expect(get).toMatchObject({ method: 'GET', status: 404, body: '' });
		expect(get.json).toBeUndefined();
		expect(token).toMatchObject({ method: 'POST', path: '/api/v1/oauth2/token', status: 200, body: 'grant_type=client_credentials' });
		expect(token.json).toBeUndefined();
	});

	it('keeps only the most recent maxRecordedRequests', async () => {
		const other = await startSimulator({ maxRecordedRequests: 3 });
		try {
			const c = client(`${other.baseUrl}/accounts/${ACCOUNT}`, { username: 'sim-user', password: 'sim-pass' });
			for (let i = 0; i < 5; i++) await c.post('/sessions', { tag: `s${i}` });
			expect(other.requests.map((r) => (r.json as { tag: string }).tag)).toEqual(['s2', 's3', 's4']);
		} finally {
			await other.close();
		}
	});

	it('records nothing when recordRequests is false', async () => {
		const other = await startSimulator({ recordRequests: false });
		try {
			const res = await client(`${other.baseUrl}/accounts/${ACCOUNT}`, { username: 'sim-user', password: 'sim-pass' }).post('/sessions', {});
			expect(res.status).toBe(200);
			expect(other.requests).toHaveLength(0);
			expect(other.sessions.size).toBe(1);
		} finally {
			await other.close();
		}
	});

	it('reset() empties the log, state, faults and token counter but keeps the same array', async () => {
		const log = sim.requests;
		await createParticipant();
		await accessToken();
		sim.injectFaults({ kind: 'status', status: 500 }, 3);
		sim.reset();
		expect(log).toHaveLength(0);
		expect(sim.requests).toBe(log);
		expect(sim.participants.size).toBe(0);
		expect(sim.accessTokensIssued).toBe(0);
		expect((await api.post('/sessions', {})).status).toBe(200);
	});
});

describe('faults', () => {
	it('status: answers the status with the default error body, changing nothing', async () => {
		sim.injectFaults({ kind: 'status', status: 503 });
		const res = await api.post('/participants', {});
		expectApiError(res, 503, /^Injected failure$/);
		expect(sim.participants.size).toBe(0);
		expect(sim.requests[0].status).toBe(503);
		// Only one request was faulted.
		expect((await api.post('/participants', {})).status).toBe(200);
	});

	it('status: 429 with retry-after, 401/403 with the API bodies, custom body and headers', async () => {
		sim.injectFaults({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });
		sim.injectFaults({ kind: 'status', status: 401 });
		sim.injectFaults({ kind: 'status', status: 403 });
		sim.injectFaults({ kind: 'status', status: 502, body: { error: 'Bad gateway', requestId: 'r1' }, headers: { 'x-extra': 'y' } });
		sim.injectFaults({ kind: 'status', status: 500, body: '<html>oops</html>' });

		const limited = await api.get('/participants/x');
		expect(limited.status).toBe(429);
		expect(limited.headers['retry-after']).toBe('1');
		expect(limited.data).toMatchObject({ error: 'Injected failure' });
		expect((await api.get('/participants/x')).data).toEqual({ message: 'Unauthorized' });
		expect((await api.get('/participants/x')).data).toEqual({ message: 'Forbidden' });
		const gateway = await api.get('/participants/x');
		expect(gateway.status).toBe(502);
		expect(gateway.data).toEqual({ error: 'Bad gateway', requestId: 'r1' });
		expect(gateway.headers['x-extra']).toBe('y');
		const html = await api.get('/participants/x', { responseType: 'text' });
		expect(html.status).toBe(500);
		expect(html.data).toBe('<html>oops</html>');
		expect((await api.get('/participants/x')).status).toBe(404);
	});

	it('are taken in FIFO order, count each, by the token endpoint too', async () => {
		sim.injectFaults({ kind: 'status', status: 500 }, 2);
		sim.injectFaults({ kind: 'status', status: 502 });
		const statuses = [
			(await tokenRequest({ grant_type: 'client_credentials' }, { username: 'sim-client', password: 'sim-secret' })).status,
			(await api.post('/sessions', {})).status,
			(await api.post('/sessions', {})).status,
			(await api.post('/sessions', {})).status,
		];
		expect(statuses).toEqual([500, 500, 502, 200]);
		expect(sim.accessTokensIssued).toBe(0);
		expect(sim.sessions.size).toBe(1);
	});

	it('resetBeforeRead: the socket is destroyed and nothing is applied', async () => {
		sim.injectFaults({ kind: 'resetBeforeRead' });
		await expect(api.post('/participants', { tag: 'lost' })).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|ERR_BAD_RESPONSE|EPIPE/) });
		expect(sim.participants.size).toBe(0);
		expect(sim.requests[0]).toMatchObject({ method: 'POST', status: 0 });
		expect((await api.post('/participants', {})).status).toBe(200);
	});

	it('resetAfterApply: the POST creates its object, then the socket is destroyed', async () => {
		sim.injectFaults({ kind: 'resetAfterApply' });
		await expect(api.post('/participants', { tag: 'ambiguous' })).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|ERR_BAD_RESPONSE|EPIPE/) });
		expect([...sim.participants.values()].map((p) => p.tag)).toEqual(['ambiguous']);
		expect(sim.requests[0]).toMatchObject({ status: 0, json: { tag: 'ambiguous' } });
		// The destroyed request no longer counts as in flight.
		for (let i = 0; i < 50 && sim.snapshot().inFlight !== 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
		expect(sim.snapshot().inFlight).toBe(0);
	});

	it('malformedJson: applies the request and answers 200 with invalid JSON', async () => {
		sim.injectFaults({ kind: 'malformedJson' });
		const res = await api.post('/sessions', { tag: 'applied' }, { responseType: 'text', transformResponse: [(data: unknown) => data] });
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toBe('application/json');
		expect(() => JSON.parse(res.data as string)).toThrow();
		expect([...sim.sessions.values()].map((s) => s.tag)).toEqual(['applied']);
		expect(sim.requests[0].status).toBe(200);
	});

	it('malformedJson: also for an answer that had no body', async () => {
		const sessionId = await createSession();
		sim.injectFaults({ kind: 'malformedJson' });
		const res = await api.delete(`/sessions/${sessionId}`, { responseType: 'text', transformResponse: [(data: unknown) => data] });
		expect(res.status).toBe(200);
		expect(() => JSON.parse(res.data as string)).toThrow();
		expect(sim.sessions.size).toBe(0);
	});

	it('slowBody: the right answer, its body spread over ms', async () => {
		sim.injectFaults({ kind: 'slowBody', ms: 300 });
		const timing = await new Promise<{ headersAfter: number; endAfter: number; status: number; body: string }>((resolve, reject) => {
			const started = Date.now();
			const req = http.request(`${sim.baseUrl}/accounts/${ACCOUNT}/sessions`, {
				method: 'POST',
				auth: 'sim-user:sim-pass',
				headers: { 'content-type': 'application/json' },
			}, (res) => {
				const headersAfter = Date.now() - started;
				let body = '';
				res.on('data', (chunk: Buffer) => (body += chunk.toString()));
				res.on('end', () => resolve({ headersAfter, endAfter: Date.now() - started, status: res.statusCode ?? 0, body }));
			});
			req.on('error', reject);
			req.end('{"tag":"slow"}');
		});
		expect(timing.status).toBe(200);
		expect(JSON.parse(timing.body)).toEqual({ id: expect.any(String), tag: 'slow' });
		expect(timing.headersAfter).toBeLessThan(200);
		expect(timing.endAfter).toBeGreaterThanOrEqual(280);
		expect(sim.sessions.size).toBe(1);
	});

	it('delay: holds one answer for ms, then answers normally', async () => {
		sim.injectFaults({ kind: 'delay', ms: 250 });
		let started = Date.now();
		const delayed = await api.post('/sessions', {});
		expect(delayed.status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(240);
		started = Date.now();
		await api.post('/sessions', {});
		expect(Date.now() - started).toBeLessThan(200);
	});

	it('rejects unknown fault kinds and bad counts', () => {
		expect(() => sim.injectFaults({ kind: 'explode' } as unknown as Parameters<Simulator['injectFaults']>[0])).toThrow(/unknown fault kind/);
		expect(() => sim.injectFaults({ kind: 'status', status: 42 })).toThrow(/HTTP status/);
		expect(() => sim.injectFaults({ kind: 'delay', ms: 10 }, 0)).toThrow(/count/);
		expect(sim.snapshot().counts.faultsQueued).toBe(0);
	});
});

describe('latency, load shedding and concurrency', () => {
	it('setLatency delays every answer', async () => {
		sim.setLatency(150);
		const started = Date.now();
		await api.get('/participants/x');
		await api.post('/sessions', {});
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
		sim.setLatency(0);
	});

	it('latencyMs option sets the starting latency', async () => {
		const other = await startSimulator({ latencyMs: 120 });
		try {
			const started = Date.now();
			const res = await client(`${other.baseUrl}/accounts/${ACCOUNT}`, { username: 'sim-user', password: 'sim-pass' }).post('/sessions', {});
			expect(res.status).toBe(200);
			expect(Date.now() - started).toBeGreaterThanOrEqual(110);
		} finally {
			await other.close();
		}
	});

	it('inFlightPeak counts concurrent requests', async () => {
		sim.setLatency(100);
		await Promise.all(Array.from({ length: 5 }, () => api.post('/sessions', {})));
		expect(sim.inFlightPeak).toBe(5);
		expect(sim.sessions.size).toBe(5);
		sim.reset();
		expect(sim.inFlightPeak).toBe(0);
	});

	it('load shedding answers 429 with retry-after to requests beyond maxInFlight, changing nothing', async () => {
		sim.setLatency(200);
		sim.setLoadShedding(2);
		const results = await Promise.all(Array.from({ length: 4 }, (_, i) => api.post('/participants', { tag: `p${i}` })));
		const statuses = results.map((r) => r.status).sort();
		expect(statuses).toEqual([200, 200, 429, 429]);
		const shed = results.find((r) => r.status === 429);
		expect(shed?.headers['retry-after']).toBe('1');
		expect(shed?.data).toMatchObject({ error: 'Too Many Requests', requestId: expect.any(String) });
		expect(sim.participants.size).toBe(2);
		expect(sim.inFlightPeak).toBe(2);

		sim.setLoadShedding(null);
		const all = await Promise.all(Array.from({ length: 4 }, () => api.post('/sessions', {})));
		expect(all.every((r) => r.status === 200)).toBe(true);
	});
});

describe('participant events', () => {
	it('POSTs Bandwidth callback JSON to the callbackUrl and returns the receiver answer', async () => {
		const receiver = await startReceiver(202);
		try {
			const { id } = await createParticipant({ callbackUrl: receiver.url, tag: 'caller' });
			const connect = await sim.sendParticipantEvent(id, 'onConnect');
			expect(connect).toMatchObject({ status: 202, body: 'got it' });
			const leave = await sim.sendParticipantEvent(id, 'onLeave', { timestamp: 1700000000000 });

			expect(receiver.received).toHaveLength(2);
			expect(receiver.received[0].headers['content-type']).toBe('application/json');
			const first = JSON.parse(receiver.received[0].body) as ParticipantEventPayload;
			expect(first).toEqual({ event: 'onConnect', timestamp: expect.stringMatching(/^\d{13}$/), participantId: id, deviceId: expect.any(String), tag: 'caller' });
			expect(Math.abs(Number(first.timestamp) - Date.now())).toBeLessThan(5000);
			const second = JSON.parse(receiver.received[1].body) as ParticipantEventPayload;
			expect(second).toMatchObject({ event: 'onLeave', timestamp: '1700000000000', deviceId: first.deviceId });
			expect(leave.payload).toEqual(second);
		} finally {
			await receiver.close();
		}
	});

	it('leaves tag out when the participant has none', async () => {
		const receiver = await startReceiver();
		try {
			const { id } = await createParticipant({ callbackUrl: receiver.url });
			const result = await sim.sendParticipantEvent(id, 'onDisconnect');
			expect(result.status).toBe(200);
			const body = JSON.parse(receiver.received[0].body) as Record<string, unknown>;
			expect(Object.keys(body).sort()).toEqual(['deviceId', 'event', 'participantId', 'timestamp']);
		} finally {
			await receiver.close();
		}
	});

	it('throws for a participant without callbackUrl or an unknown one', async () => {
		const { id } = await createParticipant({});
		await expect(sim.sendParticipantEvent(id, 'onConnect')).rejects.toThrow(/has no callbackUrl/);
		await expect(sim.sendParticipantEvent('ghost', 'onConnect')).rejects.toThrow(/not found/);
	});
});

describe('control endpoints', () => {
	const control = (): AxiosInstance => client(`${sim.url}/__sim`);

	it('GET /__sim/state reports participants, sessions, counts and counters', async () => {
		const { id } = await createParticipant({ tag: 'x' });
		const sessionId = await createSession('s');
		await api.put(`/sessions/${sessionId}/participants/${id}`);
		await accessToken();
		const res = await control().get('/state');
		expect(res.status).toBe(200);
		expect(res.data).toMatchObject({
			accountId: ACCOUNT,
			participants: [{ id, tag: 'x', sessions: [sessionId] }],
			sessions: [{ id: sessionId, tag: 's', participantIds: [id] }],
			counts: { participants: 1, sessions: 1, requests: 4, faultsQueued: 0 },
			accessTokensIssued: 1,
			inFlightPeak: 1,
			maxInFlight: null,
			latencyMs: 0,
		});
	});

	it('GET /__sim/requests returns the log', async () => {
		await api.post('/sessions', { tag: 'seen' });
		const res = await control().get('/requests');
		expect(res.data).toEqual([expect.objectContaining({ method: 'POST', json: { tag: 'seen' }, status: 200 })]);
	});

	it('POST /__sim/reset clears everything', async () => {
		await createParticipant();
		expect((await control().post('/reset')).status).toBe(200);
		expect(sim.participants.size).toBe(0);
		expect(sim.requests).toHaveLength(0);
	});

	it('POST /__sim/faults queues faults without taking one itself', async () => {
		const res = await control().post('/faults', { fault: { kind: 'status', status: 503 }, count: 2 });
		expect(res.status).toBe(200);
		expect(res.data).toEqual({ queued: 2 });
		expect((await control().get('/state')).status).toBe(200);
		expect((await api.post('/sessions', {})).status).toBe(503);
		expect((await api.post('/sessions', {})).status).toBe(503);
		expect((await api.post('/sessions', {})).status).toBe(200);

		const bad = await control().post('/faults', { fault: { kind: 'nope' } });
		expect(bad.status).toBe(400);
		expect((bad.data as { error: string }).error).toMatch(/unknown fault kind/);
		expect((await control().post('/faults', { fault: { kind: 'delay' } })).status).toBe(400);
		expect((await control().post('/faults', { fault: { kind: 'resetBeforeRead' }, count: 0 })).status).toBe(400);

		await control().post('/faults', { fault: { kind: 'resetBeforeRead' } });
		expect((await control().delete('/faults')).status).toBe(200);
		expect((await api.post('/sessions', {})).status).toBe(200);
	});

	it('POST /__sim/latency sets the latency', async () => {
		expect((await control().post('/latency', { ms: 120 })).status).toBe(200);
		const started = Date.now();
		await api.post('/sessions', {});
		expect(Date.now() - started).toBeGreaterThanOrEqual(110);
		expect((await control().post('/latency', { ms: -1 })).status).toBe(400);
		await control().post('/latency', { ms: 0 });
	});

	it('POST /__sim/load-shedding sets and clears maxInFlight', async () => {
		expect((await control().post('/load-shedding', { maxInFlight: 0 })).status).toBe(200);
		const shed = await api.post('/sessions', {});
		expect(shed.status).toBe(429);
		expect(sim.sessions.size).toBe(0);
		expect((await control().post('/load-shedding', { maxInFlight: null })).status).toBe(200);
		expect((await api.post('/sessions', {})).status).toBe(200);
		expect((await control().post('/load-shedding', { maxInFlight: 'many' })).status).toBe(400);
	});

	it('POST /__sim/revoke-tokens and /__sim/expire-tokens end access tokens', async () => {
		const call = (token: string): Promise<AxiosResponse> =>
			axios.get(`${sim.baseUrl}/accounts/${ACCOUNT}/participants/x`, { headers: { authorization: `Bearer ${token}` }, validateStatus: () => true });
		const first = await accessToken();
		expect((await call(first)).status).toBe(404);
		expect((await control().post('/revoke-tokens')).status).toBe(200);
		expect((await call(first)).status).toBe(401);
		const second = await accessToken();
		expect((await control().post('/expire-tokens')).status).toBe(200);
		expect((await call(second)).status).toBe(401);
	});

	it('POST /__sim/participants/{id}/events sends the callback and returns the receiver status', async () => {
		const receiver = await startReceiver(204);
		try {
			const { id } = await createParticipant({ callbackUrl: receiver.url });
			const res = await control().post(`/participants/${id}/events`, { event: 'onConnect' });
			expect(res.status).toBe(200);
			expect(res.data).toMatchObject({ status: 204, payload: { event: 'onConnect', participantId: id } });
			expect(JSON.parse(receiver.received[0].body)).toMatchObject({ event: 'onConnect', participantId: id });

			expect((await control().post(`/participants/${id}/events`, { event: 'onExplode' })).status).toBe(400);
			expect((await control().post('/participants/ghost/events', { event: 'onConnect' })).status).toBe(404);
			const { id: silent } = await createParticipant({});
			expect((await control().post(`/participants/${silent}/events`, { event: 'onConnect' })).status).toBe(409);
		} finally {
			await receiver.close();
		}
	});

	it('answers 502 when the callback receiver is unreachable', async () => {
		const receiver = await startReceiver();
		const { url } = receiver;
		await receiver.close();
		const { id } = await createParticipant({ callbackUrl: url });
		const res = await control().post(`/participants/${id}/events`, { event: 'onLeave' });
		expect(res.status).toBe(502);
		expect((res.data as { error: string }).error).toMatch(/Callback failed/);
	});

	it('answers 404 to an unknown control endpoint and is not logged', async () => {
		const res = await control().get('/nothing');
		expect(res.status).toBe(404);
		expect(sim.requests).toHaveLength(0);
	});
});

describe('cli', () => {
	it('prints one JSON line, serves the API, and exits cleanly on SIGTERM', async () => {
		const root = path.resolve(__dirname, '../..');
		const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'test/simulator/cli.ts', '--port', '0'], {
			cwd: root,
			env: { ...process.env, SIMULATOR_ACCOUNT_ID: '5550001', SIMULATOR_USERNAME: 'cli-user', SIMULATOR_PASSWORD: 'cli-pass' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		try {
			const line = await new Promise<string>((resolve, reject) => {
				let out = '';
				child.stdout.on('data', (chunk: Buffer) => {
					out += chunk.toString();
					const end = out.indexOf('\n');
					if (end !== -1) resolve(out.slice(0, end));
				});
				child.once('exit', (code) => reject(new Error(`cli exited early with ${code}`)));
			});
			const info = JSON.parse(line) as { url: string; baseUrl: string; tokenUrl: string; accountId: string };
			expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			expect(info.baseUrl).toBe(`${info.url}/v1`);
			expect(info.tokenUrl).toBe(`${info.url}/api/v1/oauth2/token`);
			expect(info.accountId).toBe('5550001');

			const res = await client(`${info.baseUrl}/accounts/5550001`, { username: 'cli-user', password: 'cli-pass' }).post('/sessions', { tag: 'cli' });
			expect(res.status).toBe(200);

			const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
			child.kill('SIGTERM');
			expect(await exited).toBe(0);
		} finally {
			if (child.exitCode === null && child.pid !== undefined) child.kill('SIGKILL');
		}
	}, 30000);
});
