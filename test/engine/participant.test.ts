import type { IDataObject } from 'n8n-workflow';

import { credentialsFor, runBandwidthNode } from '../harness';
import { decodeJwtPayload, startSimulator } from '../simulator';
import {
	ACCOUNT_ID,
	basicAuthHeader,
	expectNoSecrets,
	jsonOf,
	PASSWORD,
	requestLines,
	USERNAME,
	useSimulator,
} from './fixtures';

const ctx = useSimulator();

const create = (extra: IDataObject = {}) => ({
	resource: 'participant',
	operation: 'create',
	publishPermissions: ['AUDIO', 'VIDEO'],
	...extra,
});

describe('Participant → Create', () => {
	it('posts to /v1/accounts/{accountId}/participants with Basic auth and outputs the API answer as it is', async () => {
		const run = await ctx.run(create());

		expect(run.error).toBeUndefined();
		expect(ctx.sim.requests).toHaveLength(1);
		const [request] = ctx.sim.requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe(`/v1/accounts/${ACCOUNT_ID}/participants`);
		expect(request.headers.authorization).toBe(basicAuthHeader());
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.json).toEqual({ publishPermissions: ['AUDIO', 'VIDEO'], deviceApiVersion: 'V3' });

		expect(run.items).toHaveLength(1);
		const output = run.items[0].json;
		expect(Object.keys(output).sort()).toEqual(['participant', 'token']);
		const participant = output.participant as IDataObject;
		expect(ctx.sim.participants.get(participant.id as string)).toEqual(participant);
		expect(ctx.sim.verifyDeviceToken(output.token as string)).toMatchObject({ tid: participant.id });
		expect(run.items[0].pairedItem).toEqual({ item: 0 });
	});

	it('sends every optional field, with subscriptions in the API shape', async () => {
		const run = await ctx.run(
			create({
				publishPermissions: ['VIDEO'],
				additionalFields: {
					callbackUrl: 'https://example.com/bandwidth/events?x=1',
					tag: 'crm-contact-42',
					deviceApiVersion: 'V2',
					subscriptions: {
						sessionId: 's-1',
						participants: {
							participant: [
								{ participantId: 'p-1', streamAliases: ' camera, screen ,' },
								{ participantId: 'p-2', streamAliases: '' },
							],
						},
					},
				},
			}),
		);

		expect(run.error).toBeUndefined();
		expect(ctx.sim.requests[0].json).toEqual({
			publishPermissions: ['VIDEO'],
			callbackUrl: 'https://example.com/bandwidth/events?x=1',
			tag: 'crm-contact-42',
			deviceApiVersion: 'V2',
			subscriptions: {
				sessionId: 's-1',
				participants: [
					{ participantId: 'p-1', streamAliases: ['camera', 'screen'] },
					{ participantId: 'p-2' },
				],
			},
		});
		expect(run.items[0].json.participant).toMatchObject({
			callbackUrl: 'https://example.com/bandwidth/events?x=1',
			tag: 'crm-contact-42',
			deviceApiVersion: 'V2',
			publishPermissions: ['VIDEO'],
		});
	});

	it('sends an empty permission list for a listen-only participant', async () => {
		const run = await ctx.run(create({ publishPermissions: [] }));
		expect(run.error).toBeUndefined();
		expect(ctx.sim.requests[0].json).toEqual({ publishPermissions: [], deviceApiVersion: 'V3' });
	});

	it('resolves expressions per item and keeps output paired and in input order', async () => {
		const items = Array.from({ length: 12 }, (_, index) => ({ contactId: `contact-${index}`, video: index % 2 === 0 }));
		const run = await ctx.run(
			create({
				publishPermissions: '={{ $json.video ? ["AUDIO", "VIDEO"] : ["AUDIO"] }}',
				additionalFields: {
					tag: '={{ $json.contactId }}',
					callbackUrl: '=https://crm.example.com/hooks/{{ $json.contactId }}',
				},
			}),
			{ items },
		);

		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(12);
		run.items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			const participant = item.json.participant as IDataObject;
			expect(participant.tag).toBe(`contact-${index}`);
			expect(participant.callbackUrl).toBe(`https://crm.example.com/hooks/contact-${index}`);
			expect(participant.publishPermissions).toEqual(index % 2 === 0 ? ['AUDIO', 'VIDEO'] : ['AUDIO']);
		});
		expect(ctx.sim.participants.size).toBe(12);
		const tokens = new Set(run.items.map((item) => item.json.token));
		expect(tokens.size).toBe(12);
	});

	it('adds the token expiry and Transfer BXML only when asked', async () => {
		const run = await ctx.run(
			create({
				options: {
					includeTokenExpiry: true,
					includeTransferBxml: true,
					voiceCallId: 'c-15ac29a2-1331029c-2cb0-4a07-b215-b22865662d85',
				},
			}),
		);

		const output = run.items[0].json;
		const token = output.token as string;
		const { exp } = decodeJwtPayload(token) as { exp: number };
		expect(output.tokenExpiresAt).toBe(new Date(exp * 1000).toISOString());
		expect(output.tokenExpiresInSeconds).toBeGreaterThan(3500);
		expect(output.transferBxml).toBe(
			'<?xml version="1.0" encoding="UTF-8"?><Response><Transfer>' +
				`<SipUri uui="15ac29a21331029c2cb04a07b215b22865662d85;encoding=base64,${token};encoding=jwt">` +
				'sip:sipx.webrtc.bandwidth.com:5060</SipUri></Transfer></Response>',
		);
	});

	it('encodes the account id from the credential in the path', async () => {
		// An id with characters a path must encode (space, slash, plus), trimmed as typed.
		const oddAccount = 'team 9/00+1';
		const sim = await startSimulator({ accountId: oddAccount, username: USERNAME, password: PASSWORD });
		try {
			const run = await runBandwidthNode({
				parameters: create(),
				credentialsHelper: credentialsFor('bandwidthWebRtcApi', {
					accountId: ` ${oddAccount} `,
					username: USERNAME,
					password: PASSWORD,
					baseUrl: sim.baseUrl,
				}),
			});
			expect(run.error).toBeUndefined();
			expect(sim.requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
				'POST /v1/accounts/team%209%2F00%2B1/participants 200',
			]);
			expect(sim.participants.size).toBe(1);
		} finally {
			await sim.close();
		}
	});
});

describe('Participant → Create: bad input is refused before any request', () => {
	const cases: Array<[string, IDataObject, RegExp]> = [
		['a tag over 50 characters', { additionalFields: { tag: 'x'.repeat(51) } }, /^Invalid "Tag" \[item 0\]: it has 51 characters; Bandwidth allows at most 50$/],
		['a relative callback URL', { additionalFields: { callbackUrl: '/events' } }, /^Invalid "Callback URL" \[item 0\]: "\/events" is not an absolute http\(s\) URL$/],
		['a non-http callback URL', { additionalFields: { callbackUrl: 'ftp://example.com/x' } }, /^Invalid "Callback URL" \[item 0\]: "ftp:\/\/example.com\/x" is not/],
		['an unknown permission', { publishPermissions: '={{ ["AUDIO", "SCREEN"] }}' }, /^Invalid "Publish Permissions" \[item 0\]: "SCREEN" is not AUDIO or VIDEO$/],
		['a subscription id with a slash', { additionalFields: { subscriptions: { sessionId: 'a/b' } } }, /^Invalid "Subscriptions → Session ID" \[item 0\]: "a\/b" holds/],
		['a subscribed participant without id', { additionalFields: { subscriptions: { participants: { participant: [{ streamAliases: 'x' }] } } } }, /^Invalid "Subscriptions → Participant 1 → Participant ID" \[item 0\]/],
		['an unknown device API version', { additionalFields: { deviceApiVersion: '={{ "V9" }}' } }, /^Invalid "Device API Version" \[item 0\]: "V9" is not V3 or V2$/],
		['a bad voice call id', { options: { includeTransferBxml: true, voiceCallId: 'c-1 <x>' } }, /^Invalid "Voice Call ID" \[item 0\]/],
	];

	it.each(cases)('%s: the node stops with a NodeOperationError naming the field and the item, and sends nothing', async (_label, extra, message) => {
		const run = await ctx.run(create(extra));
		expect(run.error?.name).toBe('NodeOperationError');
		expect(run.error?.message).toMatch(message);
		expect((run.error?.context as IDataObject).itemIndex).toBe(0);
		expect(ctx.sim.requests).toHaveLength(0);
	});

	it('with "continue on fail", only the bad item fails, paired to it, and the others are created', async () => {
		const run = await ctx.run(
			create({ additionalFields: { tag: '={{ $json.tag }}' } }),
			{ items: [{ tag: 'ok-0' }, { tag: 'y'.repeat(60) }, { tag: 'ok-2' }], continueOnFail: true },
		);

		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(3);
		expect(run.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect((run.items[0].json.participant as IDataObject).tag).toBe('ok-0');
		expect(run.items[1].json.error).toBe('Invalid "Tag" [item 1]: it has 60 characters; Bandwidth allows at most 50');
		expect(run.items[1].error?.name).toBe('NodeOperationError');
		expect((run.items[2].json.participant as IDataObject).tag).toBe('ok-2');
		// The bad item never reached the API.
		expect(ctx.sim.requests).toHaveLength(2);
		expect(ctx.sim.participants.size).toBe(2);
	});

	it('with "use error output", failing items go to the error branch and good ones to the main branch', async () => {
		const run = await ctx.run(
			create({ additionalFields: { callbackUrl: '={{ $json.url }}' } }),
			{
				items: [{ url: 'https://ok.example.com/a' }, { url: 'not a url' }, { url: 'https://ok.example.com/b' }],
				onError: 'continueErrorOutput',
			},
		);

		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(run.errorItems).toHaveLength(1);
		expect(run.errorItems[0].pairedItem).toEqual({ item: 1 });
		expect(run.errorItems[0].json.error).toMatch(/Invalid "Callback URL" \[item 1\]: "not a url" is not an absolute http\(s\) URL/);
	});

	it('without "continue on fail", the first bad item stops the node with an error naming it', async () => {
		const run = await ctx.run(create({ additionalFields: { tag: '={{ $json.tag }}' } }), {
			items: [{ tag: 'fine' }, { tag: 'z'.repeat(51) }],
		});
		expect(run.error?.message).toBe('Invalid "Tag" [item 1]: it has 51 characters; Bandwidth allows at most 50');
		expect((run.error?.context as IDataObject).itemIndex).toBe(1);
		expect(run.items).toHaveLength(0);
	});
});

describe('Participant → Create: API errors', () => {
	it('a 400 names the status and Bandwidth\'s error text, with the request id in the description', async () => {
		ctx.sim.injectFaults({ kind: 'status', status: 400, body: { error: 'publishPermissions is invalid', requestId: 'req-123' } });
		const run = await ctx.run(create(), { continueOnFail: true });
		const error = run.items[0].error as unknown as Error & IDataObject;
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe(
			'Bandwidth answered 400 Bad Request: publishPermissions is invalid. Bandwidth refused a value the node sent: correct the field it names and send again (the same values will be refused again).',
		);
		expect(error.description).toContain('Bandwidth request ID: req-123');
		expect(error.httpCode).toBe('400');
		// n8n-core sets the json of an item that carries an error to {error: message}.
		expect(run.items[0].json).toEqual({ error: error.message });
	});

	it('a wrong password is a 401 NodeApiError with Bandwidth\'s {message} text, and no secret shows anywhere', async () => {
		const run = await ctx.run(create(), {
			credentialsHelper: (await import('../harness')).credentialsFor('bandwidthWebRtcApi', {
				accountId: ACCOUNT_ID,
				username: 'sim-user',
				password: 'Wr0ng-Passw0rd-!',
				baseUrl: ctx.sim.baseUrl,
			}),
		});
		// Basic auth retired on 2 December 2026: the hint says what to do now, in the message (what an
		// AI agent's model reads), after what happened.
		expect(run.error?.message).toBe(
			'Bandwidth answered 401 Unauthorized: Unauthorized. Bandwidth retired API-user (username and password) authentication on 2 December 2026, so it refuses this credential. For WebRTC v1, set the node\'s Authentication to OAuth2 with a "Bandwidth WebRTC OAuth2 API" credential (a client ID and secret from Bandwidth); or move to BRTC (Resource: Endpoint, with a "Bandwidth BRTC OAuth2 API" credential). Retrying will not help until the credential is fixed.',
		);
		expectNoSecrets(run, ['Wr0ng-Passw0rd-!', basicAuthHeader('sim-user', 'Wr0ng-Passw0rd-!')]);
		expect(ctx.sim.participants.size).toBe(0);
	});

	it('a 403 with {message} is reported with that text', async () => {
		ctx.sim.injectFaults({ kind: 'status', status: 403, body: { message: 'Missing Authentication Token' } });
		const run = await ctx.run(create());
		expect(run.error?.message).toBe(
			'Bandwidth answered 403 Forbidden: Missing Authentication Token. The API user may lack WebRTC access to this account, or the Account ID or Base URL in the "Bandwidth WebRTC API" credential may be wrong. Retrying will not help until the credential is fixed.',
		);
	});

	it('never shows the password or the Authorization header in outputs or errors', async () => {
		ctx.sim.injectFaults({ kind: 'status', status: 500, body: { error: 'Boom', requestId: 'r-1' } });
		const failed = await ctx.run(create(), { continueOnFail: true });
		expect(failed.items[0].json.error).toBe(
			'Bandwidth answered 500 Internal Server Error: Boom. The object may have been created anyway: it was not sent again, so list or get it before trying once more.',
		);
		expectNoSecrets(failed);
		const stopped = await ctx.run(create({ additionalFields: { tag: 'q'.repeat(51) } }));
		expectNoSecrets(stopped);
		const ok = await ctx.run(create());
		expectNoSecrets(ok);
	});
});

describe('Participant → Get and Delete', () => {
	it('gets a participant by id', async () => {
		const created = await ctx.run(create({ additionalFields: { tag: 'to-read' } }));
		const id = (created.items[0].json.participant as IDataObject).id as string;
		ctx.sim.clearRequests();

		const run = await ctx.run({ resource: 'participant', operation: 'get', participantId: '={{ $json.id }}' }, { items: [{ id }] });
		expect(requestLines(ctx.sim)).toEqual([`GET /v1/accounts/${ACCOUNT_ID}/participants/${id}`]);
		expect(run.items[0].json).toEqual(created.items[0].json.participant);
	});

	it('says plainly that an unknown participant does not exist or is no longer active', async () => {
		const run = await ctx.run({ resource: 'participant', operation: 'get', participantId: 'gone-1' });
		expect(run.error?.message).toMatch(/^Bandwidth answered 404 Not Found.*\. The participant does not exist or is no longer active\. Check the Participant ID\.$/);
	});

	it.each([
		// A required field left empty is refused by n8n itself; an expression can still yield ''.
		['empty', '={{ "" }}', /Invalid "Participant ID" \[item 0\]: it is empty/],
		['a slash', 'abc/def', /holds "\/", "\?", "#" or "\.\."/],
		['a question mark', 'abc?x=1', /holds/],
		['a hash', 'abc#x', /holds/],
		['two dots', '..', /holds/],
	])('refuses an id that is %s before any request', async (_label, participantId, message) => {
		const run = await ctx.run({ resource: 'participant', operation: 'get', participantId });
		expect(run.error?.message).toMatch(message);
		expect(run.error?.name).toBe('NodeOperationError');
		expect(ctx.sim.requests).toHaveLength(0);
	});

	it('URL-encodes an id with characters that are not path separators', async () => {
		await ctx.run({ resource: 'participant', operation: 'get', participantId: 'a b%c' }, { continueOnFail: true });
		expect(requestLines(ctx.sim)).toEqual([`GET /v1/accounts/${ACCOUNT_ID}/participants/a%20b%25c`]);
	});

	it('deletes a participant and outputs {success, participantId}', async () => {
		const created = await ctx.run(create());
		const id = (created.items[0].json.participant as IDataObject).id as string;
		const run = await ctx.run({ resource: 'participant', operation: 'delete', participantId: id });
		expect(jsonOf(run.items)).toEqual([{ success: true, participantId: id }]);
		expect(ctx.sim.participants.has(id)).toBe(false);
	});

	it('fails on deleting an unknown participant unless "treat not found as success" is on', async () => {
		const strict = await ctx.run({ resource: 'participant', operation: 'delete', participantId: 'nope' });
		expect(strict.error?.message).toMatch(/404/);
		const lenient = await ctx.run({
			resource: 'participant',
			operation: 'delete',
			participantId: 'nope',
			options: { notFoundIsSuccess: true },
		});
		expect(jsonOf(lenient.items)).toEqual([{ success: true, participantId: 'nope' }]);
	});
});
