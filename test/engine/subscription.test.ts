import type { IDataObject } from 'n8n-workflow';

import { ACCOUNT_ID, jsonOf, requestLines, useSimulator } from './fixtures';

const ctx = useSimulator();
const base = `/v1/accounts/${ACCOUNT_ID}`;

describe('Subscriptions, and the whole join flow', () => {
	it('create session → create participants → add → list → update subscriptions → get → remove → delete', async () => {
		const session = await ctx.run({ resource: 'session', operation: 'create', additionalFields: { tag: 'flow' } });
		const sessionId = session.items[0].json.id as string;

		const participants = await ctx.run(
			{
				resource: 'participant',
				operation: 'create',
				publishPermissions: ['AUDIO', 'VIDEO'],
				additionalFields: { tag: '={{ $json.tag }}' },
			},
			{ items: [{ tag: 'host' }, { tag: 'guest' }] },
		);
		const [host, guest] = participants.items.map((item) => (item.json.participant as IDataObject).id as string);

		await ctx.run(
			{ resource: 'session', operation: 'addParticipant', sessionId, participantId: '={{ $json.id }}' },
			{ items: [{ id: host }, { id: guest }] },
		);

		const listed = await ctx.run({ resource: 'session', operation: 'getParticipants', sessionId });
		expect(listed.items.map((item) => item.json.tag)).toEqual(['host', 'guest']);

		// No subscriptions yet: the API answers 204 and the node outputs {}.
		const none = await ctx.run({ resource: 'subscription', operation: 'get', sessionId, participantId: guest });
		expect(ctx.sim.requests.at(-1)?.status).toBe(204);
		expect(jsonOf(none.items)).toEqual([{}]);

		const updated = await ctx.run({
			resource: 'subscription',
			operation: 'update',
			sessionId,
			participantId: guest,
			subscriptions: { participants: { participant: [{ participantId: host, streamAliases: 'camera, screen, camera' }] } },
		});
		expect(jsonOf(updated.items)).toEqual([{ success: true, sessionId, participantId: guest }]);
		expect(requestLines(ctx.sim).at(-1)).toBe(`PUT ${base}/sessions/${sessionId}/participants/${guest}/subscriptions`);

		const got = await ctx.run({ resource: 'subscription', operation: 'get', sessionId, participantId: guest });
		expect(jsonOf(got.items)).toEqual([
			{ participants: [{ participantId: host, streamAliases: ['camera', 'screen'] }] },
		]);

		// A full replace: a session id alone replaces the participant list.
		await ctx.run({
			resource: 'subscription',
			operation: 'update',
			sessionId,
			participantId: guest,
			subscriptions: { sessionId },
		});
		const replaced = await ctx.run({ resource: 'subscription', operation: 'get', sessionId, participantId: guest });
		expect(jsonOf(replaced.items)).toEqual([{ sessionId }]);

		// Clearing sends {} (n8n's helper would drop an empty body otherwise).
		await ctx.run({ resource: 'subscription', operation: 'update', sessionId, participantId: guest });
		expect(ctx.sim.requests.at(-1)?.body).toBe('{}');
		const cleared = await ctx.run({ resource: 'subscription', operation: 'get', sessionId, participantId: guest });
		expect(jsonOf(cleared.items)).toEqual([{}]);

		await ctx.run({ resource: 'session', operation: 'removeParticipant', sessionId, participantId: guest });
		const after = await ctx.run({ resource: 'session', operation: 'getParticipants', sessionId });
		expect(after.items.map((item) => item.json.id)).toEqual([host]);

		await ctx.run({ resource: 'session', operation: 'delete', sessionId });
		await ctx.run(
			{ resource: 'participant', operation: 'delete', participantId: '={{ $json.id }}' },
			{ items: [{ id: host }, { id: guest }] },
		);
		expect(ctx.sim.sessions.size).toBe(0);
		expect(ctx.sim.participants.size).toBe(0);
	});

	it('a subscription of a participant that is not in the session is a plain 404', async () => {
		const session = await ctx.run({ resource: 'session', operation: 'create' });
		const run = await ctx.run({
			resource: 'subscription',
			operation: 'get',
			sessionId: session.items[0].json.id as string,
			participantId: 'stranger',
		});
		expect(run.error?.message).toMatch(/^Bandwidth answered 404 Not Found/);
		expect(run.error?.message).toMatch(/not in that session\.$/);
	});
});
