import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { NodeRunOptions } from '../harness';
import { credentialsFor, runBandwidthNode, stopEngineTimers } from '../harness';
import type { Simulator } from '../simulator';
import { startSimulator } from '../simulator';
import { ACCOUNT_ID, everythingVisible, PASSWORD, USERNAME } from './fixtures';

/**
 * The trigger's callback secret rides in the participant's callbackUrl (Bandwidth takes only a
 * URL). It must come from the encrypted callback credential when the request is sent, and never
 * show in what the node outputs, though Bandwidth echoes the URL back.
 */

const SECRET = 'cb-5ecr3t-Zq81/+&x';
const TRIGGER_URL = 'https://n8n.example.com/webhook/6f1c0a0e/webhook';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ accountId: ACCOUNT_ID, username: USERNAME, password: PASSWORD });
});
beforeEach(() => sim.reset());
afterAll(async () => {
	await sim.close();
	stopEngineTimers();
});

async function run(parameters: INodeParameters, options: Partial<NodeRunOptions> = {}, secret = SECRET) {
	const helper = credentialsFor('bandwidthWebRtcApi', { accountId: ACCOUNT_ID, username: USERNAME, password: PASSWORD, baseUrl: sim.baseUrl });
	helper.set('bandwidthWebRtcCallbackApi', { secret });
	return await runBandwidthNode({
		parameters,
		credentialsHelper: helper,
		otherCredentialTypes: ['bandwidthWebRtcCallbackApi'],
		...options,
	});
}

const storedCallbackUrls = () => [...sim.participants.values()].map((participant) => participant.callbackUrl);

describe('Callback secret', () => {
	it.each(['create', 'createInSession'])('%s: adds the credential\'s secret when sending, hides it in the output', async (operation) => {
		const result = await run({
			resource: 'participant',
			operation,
			callbackAuthentication: 'callbackSecret',
			additionalFields: { callbackUrl: TRIGGER_URL, tag: 'cb' },
		});

		expect(result.error).toBeUndefined();
		// Bandwidth was given the URL with the secret, URL-encoded, in the query.
		const expected = new URL(TRIGGER_URL);
		expected.searchParams.set('secret', SECRET);
		expect(storedCallbackUrls()).toEqual([expected.toString()]);
		expect(new URL(storedCallbackUrls()[0] as string).searchParams.get('secret')).toBe(SECRET);
		// The output shows the URL with the secret hidden, and the secret nowhere.
		const participant = result.items[0].json.participant as IDataObject;
		expect(participant.callbackUrl).toBe(`${TRIGGER_URL}?secret=***`);
		expect(everythingVisible(result)).not.toContain(SECRET);
		expect(everythingVisible(result)).not.toContain(encodeURIComponent(SECRET));
	});

	it('replaces a secret already typed into the URL with the credential\'s', async () => {
		await run({
			resource: 'participant',
			operation: 'create',
			callbackAuthentication: 'callbackSecret',
			additionalFields: { callbackUrl: `${TRIGGER_URL}?a=1&secret=typed-in` },
		});
		const sent = new URL(storedCallbackUrls()[0] as string);
		expect(sent.searchParams.getAll('secret')).toEqual([SECRET]);
		expect(sent.searchParams.get('a')).toBe('1');
	});

	it('hides a secret typed into the Callback URL in Create, Get and Get Participants output', async () => {
		const typed = 'typed-5ecr3t-8842';
		const created = await run({
			resource: 'participant',
			operation: 'createInSession',
			additionalFields: { callbackUrl: `${TRIGGER_URL}?secret=${typed}&x=1` },
		});
		expect(created.error).toBeUndefined();
		const participant = created.items[0].json.participant as IDataObject;
		const session = created.items[0].json.session as IDataObject;
		expect(participant.callbackUrl).toBe(`${TRIGGER_URL}?secret=***&x=1`);

		const got = await run({ resource: 'participant', operation: 'get', participantId: participant.id as string });
		const listed = await run({ resource: 'session', operation: 'getParticipants', sessionId: session.id as string });
		expect(got.items[0].json.callbackUrl).toBe(`${TRIGGER_URL}?secret=***&x=1`);
		expect(listed.items.map((item) => item.json.callbackUrl)).toEqual([`${TRIGGER_URL}?secret=***&x=1`]);
		for (const result of [created, got, listed]) expect(everythingVisible(result)).not.toContain(typed);
	});

	it('refuses Callback Secret without a Callback URL, or with an empty secret, before any request', async () => {
		const noUrl = await run({ resource: 'participant', operation: 'create', callbackAuthentication: 'callbackSecret' });
		expect(noUrl.error?.message).toBe(
			'Invalid "Callback URL" [item 0]: it is empty, but Callback Authentication is Callback Secret',
		);
		const emptySecret = await run(
			{ resource: 'participant', operation: 'create', callbackAuthentication: 'callbackSecret', additionalFields: { callbackUrl: TRIGGER_URL } },
			{},
			'',
		);
		expect(emptySecret.error?.message).toBe(
			'Invalid "Callback Secret" [item 0]: the Bandwidth WebRTC Callback API credential holds no secret',
		);
		expect(sim.requests).toEqual([]);
	});

	it('does not quote a secret in the error for a callback URL that is not a URL', async () => {
		const result = await run({ resource: 'participant', operation: 'create', additionalFields: { callbackUrl: 'ftp://x?secret=leak-me-991' } });
		expect(result.error?.message).toBe('Invalid "Callback URL" [item 0]: "ftp://x?secret=***" is not an absolute http(s) URL');
		// (The node's own parameters still hold what was typed: that is why Callback Secret exists.)
		expect(`${result.error?.message} ${result.error?.description}`).not.toContain('leak-me-991');
	});
});
