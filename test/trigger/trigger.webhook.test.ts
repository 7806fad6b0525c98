// The trigger's real webhook() behind a real HTTP server, driven with axios: what n8n would start
// and what the caller is told, for accepted, filtered, refused and unauthorised callbacks.
import axios from 'axios';
import type { AxiosResponse, RawAxiosRequestHeaders } from 'axios';
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { BandwidthWebRtcTrigger } from '../../nodes/BandwidthWebRtcTrigger/BandwidthWebRtcTrigger.node';
import { credentialsFor, stopEngineTimers } from '../harness';
import { startWebhookServer } from './webhookServer';
import type { WebhookCall, WebhookServer } from './webhookServer';

const TYPE = 'n8n-nodes-bandwidth-webrtc.bandwidthWebRtcTrigger';
const SECRET = 'Zq7-secret-9pX';
const CREDENTIAL_TYPE = 'bandwidthWebRtcCallbackApi';

const payload = (event: string, extra: Record<string, unknown> = {}) => ({
	event,
	timestamp: 1612345678901,
	participantId: '320e2af6-13ec-498d-8b51-daba52c37853',
	deviceId: 'b2fb3d1e-ecf5-4c7c-8b8a-9d0f5a3f1c2e',
	...extra,
});

const servers: WebhookServer[] = [];

/**
 * A trigger behind the webhook server. With `credential`, the node selects a Bandwidth WebRTC
 * Callback API credential holding that data (`authentication` is then callbackSecret unless the
 * parameters say otherwise).
 */
async function server(parameters: INodeParameters, credential?: ICredentialDataDecryptedObject): Promise<WebhookServer> {
	const started = await startWebhookServer({
		nodeType: new BandwidthWebRtcTrigger(),
		typeName: TYPE,
		parameters: credential ? { authentication: 'callbackSecret', ...parameters } : parameters,
		...(credential && {
			credentials: { [CREDENTIAL_TYPE]: { id: 'cb1', name: 'Bandwidth callback secret' } },
			credentialsHelper: credentialsFor(CREDENTIAL_TYPE, credential),
		}),
	});
	servers.push(started);
	return started;
}

/** POSTs and returns the answer with the call as the server saw it. */
async function post(
	target: WebhookServer,
	body: unknown,
	options: { query?: string; headers?: RawAxiosRequestHeaders } = {},
): Promise<{ response: AxiosResponse; call: WebhookCall }> {
	const before = target.calls.length;
	const response = await axios.post(target.webhookUrl + (options.query ?? ''), body, {
		headers: options.headers,
		validateStatus: () => true,
		// Keep strings as sent: axios would otherwise JSON-encode them.
		transformRequest: typeof body === 'string' ? [(data: unknown) => data] : undefined,
		transformResponse: [(data: unknown) => data],
	});
	expect(target.calls).toHaveLength(before + 1);
	return { response, call: target.calls[before] };
}

const json = (response: AxiosResponse): unknown => JSON.parse(response.data as string);

afterAll(async () => {
	await Promise.all(servers.map((s) => s.close()));
	stopEngineTimers();
});

describe('node description', () => {
	const { description } = new BandwidthWebRtcTrigger();

	it('is a POST webhook trigger answering on receipt', () => {
		expect(description).toMatchObject({
			name: 'bandwidthWebRtcTrigger',
			displayName: 'Bandwidth WebRTC Trigger',
			version: 1,
			group: ['trigger'],
			inputs: [],
			outputs: ['main'],
			webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		});
		expect(description.usableAsTool).toBeUndefined();
	});

	it('offers the three v1 events, all selected by default, next to the BRTC ones', () => {
		const events = description.properties.find((p) => p.name === 'events');
		expect(events?.type).toBe('multiOptions');
		expect(events?.default).toEqual(['onConnect', 'onLeave', 'onDisconnect']);
		expect(events?.options?.map((o) => 'value' in o && o.value).filter((v) => String(v).startsWith('on')).sort()).toEqual([
			'onConnect',
			'onDisconnect',
			'onLeave',
		]);
		const notice = description.properties.find((p) => p.name === 'setupNotice');
		expect(notice?.type).toBe('notice');
		expect(notice?.displayName).toMatch(/Production URL/);
		expect(notice?.displayName).toMatch(/Callback URL/);
		expect(notice?.displayName).toMatch(/beta/);
		expect(notice?.displayName).toMatch(/Callback Secret/);
	});

	it('has no secret parameter: the secret lives in a Bandwidth WebRTC Callback API credential', () => {
		expect(description.properties.find((p) => p.name === 'secret')).toBeUndefined();
		expect(description.properties.filter((p) => p.typeOptions?.password)).toEqual([]);
		const authentication = description.properties.find((p) => p.name === 'authentication');
		expect(authentication).toMatchObject({ type: 'options', default: 'none' });
		expect(authentication?.options?.map((o) => 'value' in o && [o.value, o.name])).toEqual([
			['callbackSecret', 'Callback Secret'],
			['none', 'None'],
		]);
		expect(description.credentials).toEqual([
			{
				name: CREDENTIAL_TYPE,
				required: true,
				testedBy: 'callbackSecretStrength',
				displayOptions: { show: { authentication: ['callbackSecret'] } },
			},
		]);
		// Shown only with the secret: how to set it up.
		const setup = description.properties.find((p) => p.name === 'callbackSecretNotice');
		expect(setup?.type).toBe('notice');
		expect(setup?.displayOptions).toEqual({ show: { authentication: ['callbackSecret'] } });
		expect(setup?.displayName).toMatch(/Bandwidth WebRTC Callback API/);
		expect(setup?.displayName).toMatch(/\?secret=/);
		expect(setup?.displayName).toMatch(/Callback URL/);
		// The editor renders notices as HTML: a <placeholder> would vanish.
		for (const property of description.properties) expect(property.displayName).not.toMatch(/<[A-Za-z]/);
	});
});

describe('accepted callbacks', () => {
	let target: WebhookServer;
	beforeAll(async () => {
		target = await server({ events: ['onConnect', 'onLeave', 'onDisconnect'] });
	});

	it.each(['onConnect', 'onLeave', 'onDisconnect'])('%s becomes one item and is answered 200 at once', async (event) => {
		const sent = payload(event, { tag: 'room-42' });
		const { response, call } = await post(target, sent);
		expect(response.status).toBe(200);
		expect(response.headers['content-type']).toMatch(/^application\/json/);
		expect(json(response)).toEqual({ received: true });
		expect(call.nodeResponded).toBe(true);
		expect(call.result?.noWebhookResponse).toBe(true);
		expect(call.workflowData).toEqual([[{ json: sent }]]);
	});

	it('converts a numeric-string timestamp (as in Bandwidth\'s example) to a number', async () => {
		const { response, call } = await post(target, payload('onLeave', { timestamp: '1612345678901' }));
		expect(response.status).toBe(200);
		const item = call.workflowData?.[0]?.[0]?.json;
		expect(item?.timestamp).toBe(1612345678901);
		expect(typeof item?.timestamp).toBe('number');
	});

	it('converts an ISO date timestamp with Date.parse', async () => {
		const { call } = await post(target, payload('onLeave', { timestamp: '2021-02-03T09:41:18.901Z' }));
		expect(call.workflowData?.[0]?.[0]?.json.timestamp).toBe(1612345278901);
	});

	it('keeps unknown fields as sent', async () => {
		const { call } = await post(target, payload('onConnect', { region: 'us-east', extra: { a: [1, 2] } }));
		expect(call.workflowData?.[0]?.[0]?.json).toMatchObject({ region: 'us-east', extra: { a: [1, 2] } });
	});

	it('reads JSON sent without a JSON content type, from the raw body', async () => {
		const sent = payload('onDisconnect');
		for (const contentType of ['text/plain', 'application/octet-stream']) {
			const { response, call } = await post(target, JSON.stringify(sent), { headers: { 'content-type': contentType } });
			expect(response.status).toBe(200);
			expect(call.workflowData).toEqual([[{ json: sent }]]);
		}
	});
});

describe('event filter', () => {
	let target: WebhookServer;
	beforeAll(async () => {
		target = await server({ events: ['onLeave'] });
	});

	it.each(['onConnect', 'onDisconnect'])('answers an unselected %s with 200 and starts nothing', async (event) => {
		const { response, call } = await post(target, payload(event));
		expect(response.status).toBe(200);
		expect(json(response)).toEqual({ received: true, ignored: true });
		expect(call.result).toEqual({ noWebhookResponse: true });
		expect(call.workflowData).toBeUndefined();
	});

	it('still starts the selected event', async () => {
		const { response, call } = await post(target, payload('onLeave'));
		expect(response.status).toBe(200);
		expect(call.workflowData?.[0]).toHaveLength(1);
	});

	it('still refuses an unknown event with 400 rather than ignoring it', async () => {
		const { response, call } = await post(target, payload('onJoin'));
		expect(response.status).toBe(400);
		expect(call.workflowData).toBeUndefined();
	});
});

describe('bad bodies', () => {
	let target: WebhookServer;
	beforeAll(async () => {
		target = await server({ events: ['onConnect', 'onLeave', 'onDisconnect'] });
	});

	const text = { 'content-type': 'text/plain' };
	const noType = { 'content-type': '' };

	it.each<[string, unknown, RawAxiosRequestHeaders | undefined, string]>([
		['not JSON (text)', 'event=onConnect', text, 'The body is not valid JSON'],
		['not JSON (no content type)', 'hello', noType, 'The body is not valid JSON'],
		['a JSON array', [payload('onConnect')], undefined, 'The body is not a JSON object'],
		['a JSON array as text', JSON.stringify([payload('onConnect')]), text, 'The body is not a JSON object'],
		['a JSON string', '"onConnect"', text, 'The body is not a JSON object'],
		['empty', '', text, 'The body is empty'],
		['an empty object', {}, undefined, '"event" is missing'],
		['no event', { ...payload('onConnect'), event: undefined }, undefined, '"event" is missing'],
		['an unknown event', payload('onJoin'), undefined, '"event" must be one of onConnect, onLeave, onDisconnect'],
		['no participantId', { ...payload('onConnect'), participantId: undefined }, undefined, '"participantId" is missing'],
		['an empty participantId', payload('onConnect', { participantId: '' }), undefined, '"participantId" is missing'],
		['no timestamp', { ...payload('onConnect'), timestamp: undefined }, undefined, '"timestamp" must be milliseconds since the epoch or an ISO 8601 date'],
		['an unparseable timestamp', payload('onConnect', { timestamp: 'yesterday' }), undefined, '"timestamp" must be milliseconds since the epoch or an ISO 8601 date'],
	])('refuses %s with 400 and starts nothing', async (_name, body, headers, error) => {
		const { response, call } = await post(target, body, { headers });
		if (headers === noType) expect(call.headers['content-type'] ?? '').toBe('');
		expect(response.status).toBe(400);
		expect(json(response)).toEqual({ error });
		expect(call.nodeResponded).toBe(true);
		expect(call.result).toEqual({ noWebhookResponse: true });
		expect(call.workflowData).toBeUndefined();
	});

	it('never reaches the node with broken JSON sent as application/json: n8n itself answers 422', async () => {
		const { response, call } = await post(target, '{"event":', { headers: { 'content-type': 'application/json' } });
		expect(response.status).toBe(422);
		expect(call.result).toBeUndefined();
		expect(call.workflowData).toBeUndefined();
	});
});

describe('shared secret (Callback Secret credential)', () => {
	let target: WebhookServer;
	beforeAll(async () => {
		target = await server({ events: ['onConnect', 'onLeave', 'onDisconnect'] }, { secret: SECRET });
	});

	const seen: string[] = [];
	function record(response: AxiosResponse, call: WebhookCall): void {
		seen.push(String(response.data), JSON.stringify(response.headers), call.responseBody, JSON.stringify(call.result ?? null));
	}

	it('refuses a request without the secret with 401', async () => {
		const { response, call } = await post(target, payload('onConnect'));
		record(response, call);
		expect(response.status).toBe(401);
		expect(json(response)).toEqual({ error: 'Secret missing' });
		expect(call.workflowData).toBeUndefined();
	});

	it('refuses an empty secret with 401', async () => {
		const { response, call } = await post(target, payload('onConnect'), { query: '?secret=' });
		record(response, call);
		expect(response.status).toBe(401);
		expect(call.workflowData).toBeUndefined();
	});

	it.each([
		['a wrong query secret', { query: '?secret=nope' }],
		['a query secret of another length', { query: `?secret=${SECRET}x` }],
		['a wrong header secret', { headers: { 'x-webhook-secret': 'nope' } }],
	])('refuses %s with 403', async (_name, options) => {
		const { response, call } = await post(target, payload('onConnect'), options);
		record(response, call);
		expect(response.status).toBe(403);
		expect(json(response)).toEqual({ error: 'Secret invalid' });
		expect(call.workflowData).toBeUndefined();
	});

	it('checks the secret before the body, so a bad body without it is still 401', async () => {
		const { response, call } = await post(target, 'garbage', { headers: { 'content-type': 'text/plain' } });
		record(response, call);
		expect(response.status).toBe(401);
	});

	it.each([
		['in the query', { query: `?secret=${SECRET}` }],
		['URL-encoded in the query', { query: `?secret=${encodeURIComponent(SECRET)}` }],
		['in the X-Webhook-Secret header', { headers: { 'X-Webhook-Secret': SECRET } }],
	])('accepts the right secret %s', async (_name, options) => {
		const sent = payload('onLeave');
		const { response, call } = await post(target, sent, options);
		record(response, call);
		expect(response.status).toBe(200);
		expect(call.workflowData).toEqual([[{ json: sent }]]);
	});

	it('accepts a secret holding URL-special characters when the URL encodes it', async () => {
		const special = 'a&b=c #d+é';
		const other = await server({ events: ['onLeave'] }, { secret: special });
		const { response } = await post(other, payload('onLeave'), { query: `?secret=${encodeURIComponent(special)}` });
		expect(response.status).toBe(200);
		const wrong = await post(other, payload('onLeave'), { query: `?secret=${special}` });
		expect(wrong.response.status).toBe(403);
	});

	it('never puts the secret in a response or an item', () => {
		expect(seen.length).toBeGreaterThan(0);
		const items = target.calls.map((c) => JSON.stringify(c.workflowData ?? null));
		for (const text of [...seen, ...items]) expect(text).not.toContain(SECRET);
	});

	it('keeps the secret out of the node: its parameters hold only the choice and the credential reference', () => {
		expect(target.node.parameters.authentication).toBe('callbackSecret');
		expect(target.node.parameters).not.toHaveProperty('secret');
		expect(target.node.credentials).toEqual({ [CREDENTIAL_TYPE]: { id: 'cb1', name: 'Bandwidth callback secret' } });
		expect(JSON.stringify(target.node)).not.toContain(SECRET);
	});
});

describe('no authentication', () => {
	it('asks for no secret and reads no credential', async () => {
		// No credential data at all: reading one would fail and refuse the call.
		const target = await server({ authentication: 'none', events: ['onConnect'] });
		const sent = payload('onConnect');
		for (const options of [{}, { query: '?secret=whatever' }, { headers: { 'x-webhook-secret': 'whatever' } }]) {
			const { response, call } = await post(target, sent, options);
			expect(response.status).toBe(200);
			expect(call.workflowData).toEqual([[{ json: sent }]]);
		}
	});

	it('is the default', async () => {
		const target = await server({ events: ['onConnect'] });
		expect(target.node.parameters.authentication).toBe('none');
		const { response } = await post(target, payload('onConnect'));
		expect(response.status).toBe(200);
	});

	it('ignores a credential still attached to the node', async () => {
		const target = await server({ authentication: 'none', events: ['onConnect'] }, { secret: SECRET });
		const { response } = await post(target, payload('onConnect'));
		expect(response.status).toBe(200);
	});
});

describe('Callback Secret without a usable secret refuses everything', () => {
	const right = [{}, { query: '?secret=' }, { query: '?secret=x' }, { headers: { 'x-webhook-secret': 'x' } }];

	it.each<[string, ICredentialDataDecryptedObject]>([
		['an empty secret', { secret: '' }],
		['no secret field', {}],
		['a secret that is not a string', { secret: 42 as unknown as string }],
	])('a credential with %s: 500, nothing starts', async (_name, data) => {
		const target = await server({ events: ['onConnect'] }, data);
		for (const options of right) {
			const { response, call } = await post(target, payload('onConnect'), options);
			expect(response.status).toBe(500);
			expect(json(response)).toEqual({ error: 'No callback secret is set up for this trigger' });
			expect(call.nodeResponded).toBe(true);
			expect(call.workflowData).toBeUndefined();
		}
	});

	it('no credential selected on the node: 500, nothing starts', async () => {
		const target = await server({ authentication: 'callbackSecret', events: ['onConnect'] });
		expect(target.node.credentials).toBeUndefined();
		const { response, call } = await post(target, payload('onConnect'), { query: `?secret=${SECRET}` });
		expect(response.status).toBe(500);
		expect(call.workflowData).toBeUndefined();
	});

	it('a credential selected but not readable (deleted, not shared): 500, nothing starts', async () => {
		const target = await startWebhookServer({
			nodeType: new BandwidthWebRtcTrigger(),
			typeName: TYPE,
			parameters: { authentication: 'callbackSecret', events: ['onConnect'] },
			credentials: { [CREDENTIAL_TYPE]: { id: 'gone', name: 'Deleted credential' } },
		});
		servers.push(target);
		const { response, call } = await post(target, payload('onConnect'), { query: `?secret=${SECRET}` });
		expect(response.status).toBe(500);
		expect(call.workflowData).toBeUndefined();
	});
});
