import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { mapWithConcurrency } from '../../nodes/BandwidthWebRtc/helpers/concurrency';
import { readTokenExpiry } from '../../nodes/BandwidthWebRtc/helpers/deviceToken';
import { buildCreateParticipantBody, decorateCreateOutput } from '../../nodes/BandwidthWebRtc/helpers/participantRequest';
import { buildSubscriptions } from '../../nodes/BandwidthWebRtc/helpers/subscriptions';
import { buildTransferBxml } from '../../nodes/BandwidthWebRtc/helpers/transferBxml';
import { checkCallbackUrl, checkId, checkPublishPermissions, checkTag } from '../../nodes/BandwidthWebRtc/helpers/validation';
import { parseRetryAfter } from '../../nodes/BandwidthWebRtc/transport';

const node: INode = {
	id: '1',
	name: 'Bandwidth WebRTC',
	type: 'n8n-nodes-bandwidth-webrtc.bandwidthWebRtc',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function jwt(payload: object): string {
	const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
	return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}.signature`;
}

describe('validation', () => {
	it('trims ids and refuses path characters', () => {
		expect(checkId(node, 0, 'Session ID', ' abc-1 ')).toBe('abc-1');
		expect(checkId(node, 0, 'Session ID', 42)).toBe('42');
		for (const bad of ['', '  ', 'a/b', 'a?b', 'a#b', '..', 'x..y']) {
			expect(() => checkId(node, 3, 'Session ID', bad)).toThrow(NodeOperationError);
		}
		expect(() => checkId(node, 3, 'Session ID', { id: 1 })).toThrow('Invalid "Session ID" [item 3]: expected text, got an object');
	});

	it('tags: up to 50 characters, empty means none', () => {
		expect(checkTag(node, 0, 'Tag', 'x'.repeat(50))).toBe('x'.repeat(50));
		expect(checkTag(node, 0, 'Tag', '')).toBeUndefined();
		expect(() => checkTag(node, 2, 'Tag', 'x'.repeat(51))).toThrow('Invalid "Tag" [item 2]: it has 51 characters; Bandwidth allows at most 50');
	});

	it('callback URLs must be absolute http(s)', () => {
		expect(checkCallbackUrl(node, 0, 'Callback URL', ' https://a.example/x ')).toBe('https://a.example/x');
		expect(checkCallbackUrl(node, 0, 'Callback URL', 'http://127.0.0.1:5678/webhook/x')).toBe('http://127.0.0.1:5678/webhook/x');
		for (const bad of ['example.com/x', '/x', 'mailto:a@b.c', 'javascript:alert(1)', 'ws://a.example']) {
			expect(() => checkCallbackUrl(node, 0, 'Callback URL', bad)).toThrow(/is not an absolute http\(s\) URL/);
		}
	});

	it('permissions: AUDIO and VIDEO, deduplicated, case-insensitive, from a list or text', () => {
		expect(checkPublishPermissions(node, 0, 'P', ['video', 'AUDIO', 'VIDEO'])).toEqual(['VIDEO', 'AUDIO']);
		expect(checkPublishPermissions(node, 0, 'P', 'AUDIO, VIDEO')).toEqual(['AUDIO', 'VIDEO']);
		expect(checkPublishPermissions(node, 0, 'P', [])).toEqual([]);
		expect(() => checkPublishPermissions(node, 0, 'P', ['SCREEN'])).toThrow('"SCREEN" is not AUDIO or VIDEO');
	});
});

describe('request building', () => {
	it('builds the create body, leaving out what is empty', () => {
		expect(buildCreateParticipantBody(node, 0, ['AUDIO'], {})).toEqual({ publishPermissions: ['AUDIO'], deviceApiVersion: 'V3' });
		expect(
			buildCreateParticipantBody(node, 0, ['AUDIO'], { tag: '', callbackUrl: '', subscriptions: {} }),
		).toEqual({ publishPermissions: ['AUDIO'], deviceApiVersion: 'V3' });
	});

	it('turns the stored subscriptions collection into the API shape', () => {
		expect(
			buildSubscriptions(node, 0, {
				sessionId: 's1',
				participants: { participant: [{ participantId: 'p1', streamAliases: 'a, b' }] },
			}),
		).toEqual({ sessionId: 's1', participants: [{ participantId: 'p1', streamAliases: ['a', 'b'] }] });
		// Bandwidth's spec wants unique aliases: one typed twice is sent once.
		expect(
			buildSubscriptions(node, 0, {
				participants: { participant: [{ participantId: 'p1', streamAliases: 'camera, screen, camera ,camera' }] },
			}),
		).toEqual({ participants: [{ participantId: 'p1', streamAliases: ['camera', 'screen'] }] });
		expect(buildSubscriptions(node, 0, { sessionId: '', participants: { participant: [] } })).toBeUndefined();
		expect(buildSubscriptions(node, 0, undefined)).toBeUndefined();
		expect(() => buildSubscriptions(node, 0, 'text')).toThrow('Invalid "Subscriptions" [item 0]: expected a collection');
	});

	it('decorates the create output only as asked, never dropping the API answer', () => {
		const token = jwt({ exp: 2_000_000_000 });
		const answer = { participant: { id: 'p' }, token };
		expect(decorateCreateOutput(answer, {})).toEqual(answer);
		expect(decorateCreateOutput(answer, { includeTokenExpiry: true })).toMatchObject({
			...answer,
			tokenExpiresAt: '2033-05-18T03:33:20.000Z',
		});
		expect(decorateCreateOutput({ participant: {}, token: 'not-a-jwt' }, { includeTokenExpiry: true })).toMatchObject({
			tokenExpiresAt: null,
		});
	});
});

describe('token expiry and transfer BXML', () => {
	it('reads exp from a JWT and ignores anything else', () => {
		expect(readTokenExpiry(jwt({ exp: 1_000 }), 400_000)).toEqual({
			tokenExpiresAt: '1970-01-01T00:16:40.000Z',
			tokenExpiresInSeconds: 600,
		});
		expect(readTokenExpiry(jwt({ exp: 'soon' }))).toBeUndefined();
		expect(readTokenExpiry('a.b.c')).toBeUndefined();
		expect(readTokenExpiry(undefined)).toBeUndefined();
	});

	it('builds the Transfer BXML with and without a call id', () => {
		expect(buildTransferBxml('t.k.n')).toBe(
			'<?xml version="1.0" encoding="UTF-8"?><Response><Transfer><SipUri uui="t.k.n;encoding=jwt">sip:sipx.webrtc.bandwidth.com:5060</SipUri></Transfer></Response>',
		);
		expect(buildTransferBxml('t.k.n', 'c-abc-def')).toContain('uui="abcdef;encoding=base64,t.k.n;encoding=jwt"');
		expect(buildTransferBxml('a"<&>')).toContain('uui="a&quot;&lt;&amp;&gt;;encoding=jwt"');
	});
});

describe('Retry-After', () => {
	it('reads seconds and HTTP dates', () => {
		expect(parseRetryAfter('2')).toBe(2000);
		expect(parseRetryAfter('0.5')).toBe(500);
		expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
		expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:29:00 GMT'))).toBe(0);
		expect(parseRetryAfter('soon')).toBeUndefined();
		expect(parseRetryAfter(undefined)).toBeUndefined();
	});
});

describe('mapWithConcurrency', () => {
	it('keeps order and never runs more than the limit at once', async () => {
		let running = 0;
		let peak = 0;
		const results = await mapWithConcurrency(20, 4, async (index) => {
			running++;
			peak = Math.max(peak, running);
			await new Promise((resolve) => setImmediate(resolve));
			await new Promise((resolve) => setImmediate(resolve));
			running--;
			return index * 2;
		});
		expect(results).toEqual(Array.from({ length: 20 }, (_, index) => index * 2));
		expect(peak).toBe(4);
	});

	it('stops starting tasks after a failure and throws the lowest failing index', async () => {
		const started: number[] = [];
		await expect(
			mapWithConcurrency(50, 3, async (index) => {
				started.push(index);
				await new Promise((resolve) => setImmediate(resolve));
				if (index === 4 || index === 3) throw new Error(`fail ${index}`);
				return index;
			}),
		).rejects.toThrow('fail 3');
		expect(started.length).toBeLessThan(10);
	});
});

describe('AdaptiveLimit', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { AdaptiveLimit } = require('../../nodes/BandwidthWebRtc/transport/adaptiveLimit') as typeof import('../../nodes/BandwidthWebRtc/transport/adaptiveLimit');

	it('admits up to the limit, halves once per burst of 429s, and grows back with successes', async () => {
		const limit = new AdaptiveLimit(8);
		for (let i = 0; i < 8; i++) await limit.acquire();
		let ninth = false;
		void limit.acquire().then(() => (ninth = true));
		await new Promise((resolve) => setImmediate(resolve));
		expect(ninth).toBe(false);

		limit.throttled(900, 1_000);
		limit.throttled(950, 1_100); // sent before that cut: the same burst, ignored
		expect(limit.current).toBe(4);
		limit.throttled(1_050, 1_600); // sent after it: a new signal
		expect(limit.current).toBe(2);

		// Releasing 7 of 8 leaves 1 in flight: the waiting ninth gets in (2 allowed).
		for (let i = 0; i < 7; i++) limit.release();
		await new Promise((resolve) => setImmediate(resolve));
		expect(ninth).toBe(true);

		for (let i = 0; i < 40; i++) limit.succeeded();
		expect(limit.current).toBe(8);
	});
});
