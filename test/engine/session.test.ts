import type { IDataObject } from 'n8n-workflow';

import { ACCOUNT_ID, jsonOf, requestLines, useSimulator } from './fixtures';

const ctx = useSimulator();
const base = `/v1/accounts/${ACCOUNT_ID}`;

async function createSession(tag?: string): Promise<string> {
	const run = await ctx.run({ resource: 'session', operation: 'create', additionalFields: tag ? { tag } : {} });
	return run.items[0].json.id as string;
}

async function createParticipant(tag = 'p'): Promise<string> {
	const run = await ctx.run({
		resource: 'participant',
		operation: 'create',
		publishPermissions: ['AUDIO'],
		additionalFields: { tag },
	});
	return (run.items[0].json.participant as IDataObject).id as string;
}

describe('Session operations', () => {
	it('creates a session with a tag and outputs {id, tag}', async () => {
		const run = await ctx.run({ resource: 'session', operation: 'create', additionalFields: { tag: 'standup' } });
		expect(requestLines(ctx.sim)).toEqual([`POST ${base}/sessions`]);
		expect(ctx.sim.requests[0].json).toEqual({ tag: 'standup' });
		expect(run.items[0].json).toEqual({ id: expect.any(String), tag: 'standup' });
		expect(ctx.sim.sessions.has(run.items[0].json.id as string)).toBe(true);
	});

	it('creates a session without a tag', async () => {
		const run = await ctx.run({ resource: 'session', operation: 'create' });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json.id).toEqual(expect.any(String));
	});

	it('refuses a session tag over 50 characters before any request', async () => {
		const run = await ctx.run({ resource: 'session', operation: 'create', additionalFields: { tag: 't'.repeat(51) } });
		expect(run.error?.message).toMatch(/^Invalid "Tag" \[item 0\]/);
		expect(ctx.sim.requests).toHaveLength(0);
	});

	it('gets and deletes a session', async () => {
		const id = await createSession('weekly');
		const got = await ctx.run({ resource: 'session', operation: 'get', sessionId: id });
		expect(got.items[0].json).toEqual({ id, tag: 'weekly' });

		const deleted = await ctx.run({ resource: 'session', operation: 'delete', sessionId: id });
		expect(jsonOf(deleted.items)).toEqual([{ success: true, sessionId: id }]);
		expect(ctx.sim.sessions.has(id)).toBe(false);

		const again = await ctx.run({ resource: 'session', operation: 'get', sessionId: id });
		expect(again.error?.message).toMatch(/^Bandwidth answered 404 Not Found/);
		expect(again.error?.message).toMatch(/\. The session does not exist or is no longer active \(Bandwidth ends sessions after 9 hours\)\. Check the Session ID\.$/);
	});

	it('treats a missing session as deleted when asked', async () => {
		const run = await ctx.run({
			resource: 'session',
			operation: 'delete',
			sessionId: 'never-was',
			options: { notFoundIsSuccess: true },
		});
		expect(jsonOf(run.items)).toEqual([{ success: true, sessionId: 'never-was' }]);
	});

	it('lists no items for an empty session (the API answers 204)', async () => {
		const id = await createSession();
		const run = await ctx.run({ resource: 'session', operation: 'getParticipants', sessionId: id });
		expect(ctx.sim.requests.at(-1)?.status).toBe(204);
		expect(run.error).toBeUndefined();
		expect(run.items).toEqual([]);
	});

	it('adds participants, lists one item each paired to the input, and removes them', async () => {
		const sessionId = await createSession();
		const first = await createParticipant('a');
		const second = await createParticipant('b');

		const added = await ctx.run(
			{ resource: 'session', operation: 'addParticipant', sessionId, participantId: '={{ $json.id }}' },
			{ items: [{ id: first }, { id: second }] },
		);
		expect(jsonOf(added.items)).toEqual([
			{ success: true, sessionId, participantId: first },
			{ success: true, sessionId, participantId: second },
		]);
		// No subscriptions given: no body is sent.
		expect(ctx.sim.requests.filter((r) => r.method === 'PUT').map((r) => r.body)).toEqual(['', '']);

		const listed = await ctx.run(
			{ resource: 'session', operation: 'getParticipants', sessionId: '={{ $json.sessionId }}' },
			{ items: [{ sessionId }, { sessionId }] },
		);
		expect(listed.items.map((item) => [item.json.id, item.pairedItem])).toEqual([
			[first, { item: 0 }],
			[second, { item: 0 }],
			[first, { item: 1 }],
			[second, { item: 1 }],
		]);

		const removed = await ctx.run({
			resource: 'session',
			operation: 'removeParticipant',
			sessionId,
			participantId: first,
		});
		expect(jsonOf(removed.items)).toEqual([{ success: true, sessionId, participantId: first }]);
		expect(requestLines(ctx.sim).at(-1)).toBe(`DELETE ${base}/sessions/${sessionId}/participants/${first}`);
		expect(ctx.sim.sessions.get(sessionId)?.participantIds).toEqual([second]);
	});

	it('adds a participant with subscriptions', async () => {
		const sessionId = await createSession();
		const viewer = await createParticipant('viewer');
		const speaker = await createParticipant('speaker');
		const run = await ctx.run({
			resource: 'session',
			operation: 'addParticipant',
			sessionId,
			participantId: viewer,
			subscriptions: { participants: { participant: [{ participantId: speaker, streamAliases: 'camera' }] } },
		});
		expect(run.error).toBeUndefined();
		expect(ctx.sim.requests.at(-1)?.json).toEqual({
			participants: [{ participantId: speaker, streamAliases: ['camera'] }],
		});
		expect(ctx.sim.participants.get(viewer)?.subscriptions).toEqual({
			participants: [{ participantId: speaker, streamAliases: ['camera'] }],
		});
	});

	it('explains a 409 when the participant is already in another session', async () => {
		const one = await createSession();
		const two = await createSession();
		const participantId = await createParticipant();
		await ctx.run({ resource: 'session', operation: 'addParticipant', sessionId: one, participantId });

		const run = await ctx.run({ resource: 'session', operation: 'addParticipant', sessionId: two, participantId });
		expect(run.error?.message).toMatch(/^Bandwidth answered 409 Conflict: /);
		expect(run.error?.message).toMatch(/\. The participant is already in a session/);
	});

	it('refuses ids with path characters before any request', async () => {
		const run = await ctx.run({ resource: 'session', operation: 'addParticipant', sessionId: 's1', participantId: '../x' });
		expect(run.error?.message).toMatch(/^Invalid "Participant ID" \[item 0\]/);
		expect(ctx.sim.requests).toHaveLength(0);
	});
});
