// End to end with the WebRTC v1 simulator: a participant created with the trigger's URL as its
// callbackUrl, then Bandwidth-shaped callbacks (string timestamps) sent to it over HTTP.
import axios from 'axios';
import type { AxiosInstance } from 'axios';

import { BandwidthWebRtcTrigger } from '../../nodes/BandwidthWebRtcTrigger/BandwidthWebRtcTrigger.node';
import { credentialsFor, stopEngineTimers } from '../harness';
import { SIMULATOR_DEFAULTS, startSimulator } from '../simulator';
import type { Simulator } from '../simulator';
import { startWebhookServer } from './webhookServer';
import type { WebhookServer } from './webhookServer';

const TYPE = 'n8n-nodes-bandwidth-webrtc.bandwidthWebRtcTrigger';
const SECRET = 'sim-callback-secret';

let sim: Simulator;
let api: AxiosInstance;
let trigger: WebhookServer;

beforeAll(async () => {
	sim = await startSimulator();
	api = axios.create({
		baseURL: `${sim.baseUrl}/accounts/${sim.accountId}`,
		auth: { username: SIMULATOR_DEFAULTS.username, password: SIMULATOR_DEFAULTS.password },
		validateStatus: () => true,
	});
	trigger = await startWebhookServer({
		nodeType: new BandwidthWebRtcTrigger(),
		typeName: TYPE,
		parameters: { authentication: 'callbackSecret', events: ['onConnect', 'onLeave'] },
		credentials: { bandwidthWebRtcCallbackApi: { id: 'cb1', name: 'Bandwidth callback secret' } },
		credentialsHelper: credentialsFor('bandwidthWebRtcCallbackApi', { secret: SECRET }),
	});
});

afterAll(async () => {
	await trigger.close();
	await sim.close();
	stopEngineTimers();
});

async function createParticipant(callbackUrl: string, tag?: string): Promise<string> {
	const res = await api.post('/participants', { callbackUrl, publishPermissions: ['AUDIO'], ...(tag && { tag }) });
	expect(res.status).toBe(200);
	const participant = (res.data as { participant: { id: string; callbackUrl: string } }).participant;
	expect(participant.callbackUrl).toBe(callbackUrl);
	return participant.id;
}

it('turns a Bandwidth onLeave callback into one item with a numeric timestamp', async () => {
	const id = await createParticipant(`${trigger.webhookUrl}?secret=${SECRET}`, 'room-7');
	const sent = await sim.sendParticipantEvent(id, 'onLeave', { timestamp: 1700000000123 });

	expect(typeof sent.payload.timestamp).toBe('string');
	expect(sent.status).toBe(200);
	expect(JSON.parse(sent.body)).toEqual({ received: true });
	const call = trigger.calls[trigger.calls.length - 1];
	expect(call.headers['user-agent']).toBe('bandwidth-webrtc-simulator');
	expect(call.workflowData).toEqual([
		[
			{
				json: {
					event: 'onLeave',
					timestamp: 1700000000123,
					participantId: id,
					deviceId: sent.payload.deviceId,
					tag: 'room-7',
				},
			},
		],
	]);
	expect(sent.body).not.toContain(SECRET);
	expect(JSON.stringify(call.workflowData)).not.toContain(SECRET);
});

it('passes the participant\'s events in order, skipping the unselected onDisconnect', async () => {
	const id = await createParticipant(`${trigger.webhookUrl}?secret=${SECRET}`);
	const before = trigger.calls.length;
	const answers = [];
	for (const event of ['onConnect', 'onDisconnect', 'onLeave'] as const) {
		answers.push(await sim.sendParticipantEvent(id, event));
	}

	expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
	expect(JSON.parse(answers[1].body)).toEqual({ received: true, ignored: true });
	const calls = trigger.calls.slice(before);
	expect(calls.map((c) => c.workflowData?.[0]?.[0]?.json.event)).toEqual(['onConnect', undefined, 'onLeave']);
	for (const [i, call] of calls.entries()) {
		if (!call.workflowData) continue;
		const item = call.workflowData[0][0].json;
		expect(item.timestamp).toBe(Number(answers[i].payload.timestamp));
		expect(item.participantId).toBe(id);
		// One device per participant in the simulator, as with a real browser.
		expect(item.deviceId).toBe(answers[0].payload.deviceId);
	}
});

it('refuses callbacks to a URL without the secret, starting nothing', async () => {
	const id = await createParticipant(trigger.webhookUrl);
	const sent = await sim.sendParticipantEvent(id, 'onConnect');
	expect(sent.status).toBe(401);
	expect(trigger.calls[trigger.calls.length - 1].workflowData).toBeUndefined();

	const wrong = await createParticipant(`${trigger.webhookUrl}?secret=guess`);
	const refused = await sim.sendParticipantEvent(wrong, 'onConnect');
	expect(refused.status).toBe(403);
	expect(refused.body).not.toContain(SECRET);
	expect(trigger.calls[trigger.calls.length - 1].workflowData).toBeUndefined();
});
