// The trigger with BRTC endpoint events: both payload shapes (Bandwidth's webhook page and its
// spec), event filtering, the callback secret, and the simulator's real callbacks with fallback.
import axios from 'axios';
import type { AxiosResponse } from 'axios';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { BandwidthWebRtcTrigger } from '../../nodes/BandwidthWebRtcTrigger/BandwidthWebRtcTrigger.node';
import { BRTC_EVENTS } from '../../nodes/BandwidthWebRtcTrigger/helpers/brtcPayload';
import { credentialsFor, stopEngineTimers } from '../harness';
import type { Simulator } from '../simulator';
import { startSimulator } from '../simulator';
import { loadBrtcSpec } from '../simulator/brtc/spec';
import { startWebhookServer } from './webhookServer';
import type { WebhookServer } from './webhookServer';

const TYPE = 'n8n-nodes-bandwidth-webrtc.bandwidthWebRtcTrigger';
const SECRET = 'brtc-cb-5ecr3t-K2';
const CREDENTIAL_TYPE = 'bandwidthWebRtcCallbackApi';
const ENDPOINT_EVENTS = ['endpointConnected', 'endpointDisconnected', 'endpointEligible', 'endpointIneligible'];

const docsPayload = (event: string) => ({
	accountId: '9900000',
	endpointId: 'e-0a223cf4-04f4-48e7-a706-7e84995f071e',
	event,
	deviceId: 'd-61f77cc8-78fe-58ad-913e-d76fb41eaab1',
	timestamp: 1771537419412,
	tags: '{"myTag": "myTagValue"}',
});

const servers: WebhookServer[] = [];
let sim: Simulator;

async function trigger(parameters: INodeParameters, secret?: string): Promise<WebhookServer> {
	const started = await startWebhookServer({
		nodeType: new BandwidthWebRtcTrigger(),
		typeName: TYPE,
		parameters: secret ? { authentication: 'callbackSecret', ...parameters } : parameters,
		...(secret && {
			credentials: { [CREDENTIAL_TYPE]: { id: 'cb1', name: 'Bandwidth callback secret' } },
			credentialsHelper: credentialsFor(CREDENTIAL_TYPE, { secret }),
		}),
	});
	servers.push(started);
	return started;
}

const post = async (target: WebhookServer, body: unknown, query = ''): Promise<AxiosResponse> =>
	await axios.post(target.webhookUrl + query, body, { validateStatus: () => true });

beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => {
	await Promise.all(servers.map((s) => s.close()));
	await sim.close();
	stopEngineTimers();
});

describe('BRTC events in the trigger', () => {
	it('offers the BRTC events under Bandwidth\'s names next to v1\'s, with v1\'s default unchanged', () => {
		const events = new BandwidthWebRtcTrigger().description.properties.find((p) => p.name === 'events');
		const values = (events?.options as Array<{ value: string }>).map((o) => o.value);
		expect(values).toEqual(expect.arrayContaining([...BRTC_EVENTS, 'onConnect', 'onLeave', 'onDisconnect']));
		expect(BRTC_EVENTS).toEqual(expect.arrayContaining(ENDPOINT_EVENTS));
		expect(events?.default).toEqual(['onConnect', 'onLeave', 'onDisconnect']);
	});

	it('accepts the docs\' shape as one item, timestamp in ms', async () => {
		const server = await trigger({ events: ENDPOINT_EVENTS });
		const response = await post(server, docsPayload('endpointConnected'));
		expect(response.status).toBe(200);
		expect(response.data).toEqual({ received: true });
		expect(server.calls[0].workflowData).toEqual([[{ json: docsPayload('endpointConnected') }]]);
	});

	it('accepts the spec\'s endpointEvent shape, under the Bandwidth event name, timestamp from eventTime', async () => {
		const example = (loadBrtcSpec().resolve('#/components/examples/endpointDisconnectedEventExample') as { value: IDataObject }).value;
		const server = await trigger({ events: ['endpointDisconnected'] });
		const response = await post(server, example);
		expect(response.status).toBe(200);
		expect(server.calls[0].workflowData).toEqual([
			[{ json: { ...example, event: 'endpointDisconnected', timestamp: Date.parse('2021-01-01T00:00:00Z') } }],
		]);
	});

	it('answers 200 and starts nothing for an event not selected', async () => {
		const server = await trigger({ events: ['endpointDisconnected'] });
		const response = await post(server, docsPayload('endpointConnected'));
		expect(response.status).toBe(200);
		expect(response.data).toEqual({ received: true, ignored: true });
		expect(server.calls[0].workflowData).toBeUndefined();
	});

	it.each([
		[{ ...docsPayload('endpointExploded') }, '"event" must be one of endpointConnected'],
		[{ ...docsPayload('endpointConnected'), endpointId: undefined, event: 'endpointConnected' }, '"endpointId" is missing'],
		[{ ...docsPayload('endpointConnected'), timestamp: 'soon' }, '"timestamp" must be milliseconds'],
		[{ endpointId: 'e-1', eventType: 'DEVICE_EXPLODED', eventTime: '2021-01-01T00:00:00Z' }, '"eventType" must be one of'],
		[{ endpointId: 'e-1', eventType: 'DEVICE_CONNECTED' }, '"eventTime" must be an ISO 8601 date'],
	])('refuses a malformed BRTC payload #%# with 400', async (body, error) => {
		const server = await trigger({ events: ENDPOINT_EVENTS });
		const response = await post(server, body);
		expect(response.status).toBe(400);
		expect((response.data as { error: string }).error).toContain(error);
		expect(server.calls[0].workflowData).toBeUndefined();
	});

	it('still takes WebRTC v1 participant events at the same URL', async () => {
		const server = await trigger({ events: ['onConnect', 'endpointConnected'] });
		const v1 = { event: 'onConnect', timestamp: '1612345678901', participantId: 'p-1', deviceId: 'd-1' };
		expect((await post(server, v1)).status).toBe(200);
		expect(server.calls[0].workflowData?.[0]?.[0]?.json).toMatchObject({ event: 'onConnect', timestamp: 1612345678901 });
	});

	it('refuses BRTC events without the callback secret (non-2xx, so Bandwidth tries the fallback)', async () => {
		const server = await trigger({ events: ENDPOINT_EVENTS }, SECRET);
		expect((await post(server, docsPayload('endpointConnected'))).status).toBe(401);
		expect((await post(server, docsPayload('endpointConnected'), '?secret=wrong')).status).toBe(403);
		const ok = await post(server, docsPayload('endpointConnected'), `?secret=${SECRET}`);
		expect(ok.status).toBe(200);
		expect(server.calls.map((c) => c.workflowData !== undefined)).toEqual([false, false, true]);
	});

	it('end to end: the simulator\'s webhook reaches the trigger, and the fallback takes what the callback refused', async () => {
		const main = await trigger({ events: ENDPOINT_EVENTS }, SECRET);
		const fallback = await trigger({ events: ENDPOINT_EVENTS }, SECRET);
		const token = await axios.post(sim.tokenUrl, 'grant_type=client_credentials', { auth: { username: 'sim-client', password: 'sim-secret' } });
		const created = await axios.post(
			`${sim.brtcBaseUrl}/accounts/${sim.accountId}/endpoints`,
			{
				type: 'WEBRTC',
				direction: 'BIDIRECTIONAL',
				// The main URL without the secret: it answers 401, so Bandwidth goes to the fallback.
				eventCallbackUrl: main.webhookUrl,
				eventFallbackUrl: `${fallback.webhookUrl}?secret=${SECRET}`,
				tag: 'crm-9',
			},
			{ headers: { authorization: `Bearer ${(token.data as { access_token: string }).access_token}` } },
		);
		const { endpointId } = (created.data as { data: { endpointId: string } }).data;
		const delivery = await sim.brtc.sendEvent(endpointId, 'endpointConnected');
		expect(delivery.attempts.map((a) => a.status)).toEqual([401, 200]);
		expect(main.calls[0].workflowData).toBeUndefined();
		expect(fallback.calls[0].workflowData?.[0]?.[0]?.json).toMatchObject({
			event: 'endpointConnected',
			endpointId,
			tags: 'crm-9',
			timestamp: delivery.payload.timestamp,
		});
	});
});
