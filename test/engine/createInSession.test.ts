import type { IDataObject } from 'n8n-workflow';

import { LET_THROUGH } from '../simulator';
import { ACCOUNT_ID, requestLines, useSimulator } from './fixtures';

const ctx = useSimulator();
const base = `/v1/accounts/${ACCOUNT_ID}`;

const join = (extra: IDataObject = {}) => ({
	resource: 'participant',
	operation: 'createInSession',
	publishPermissions: ['AUDIO', 'VIDEO'],
	...extra,
});

describe('Participant → Create in Session', () => {
	it('creates a session when none is given, creates the participant, adds it subscribed to the session', async () => {
		const run = await ctx.run(join({ sessionTag: 'support-call', additionalFields: { tag: 'agent-7' } }));

		expect(run.error).toBeUndefined();
		const output = run.items[0].json;
		const session = output.session as IDataObject;
		const participant = output.participant as IDataObject;
		expect(session).toEqual({ id: expect.any(String), tag: 'support-call' });
		expect(participant).toEqual({ ...ctx.sim.participants.get(participant.id as string) });
		expect(participant).toMatchObject({ tag: 'agent-7', sessions: [session.id], subscriptions: { sessionId: session.id } });
		expect(typeof output.token).toBe('string');
		expect(requestLines(ctx.sim)).toEqual([
			`POST ${base}/sessions`,
			`POST ${base}/participants`,
			`PUT ${base}/sessions/${session.id}/participants/${participant.id}`,
		]);
		expect(ctx.sim.requests[2].json).toEqual({ sessionId: session.id });
		expect(ctx.sim.sessions.get(session.id as string)?.participantIds).toEqual([participant.id]);
		expect(ctx.sim.participants.get(participant.id as string)?.subscriptions).toEqual({ sessionId: session.id });
	});

	it('joins an existing session, and can leave subscriptions to the user', async () => {
		const created = await ctx.run({ resource: 'session', operation: 'create', additionalFields: { tag: 'room' } });
		const sessionId = created.items[0].json.id as string;
		ctx.sim.clearRequests();

		const run = await ctx.run(join({ sessionId: '={{ $json.sessionId }}', subscribeToSession: false }), {
			items: [{ sessionId }, { sessionId }],
		});

		expect(run.items.map((item) => (item.json.session as IDataObject).id)).toEqual([sessionId, sessionId]);
		expect(ctx.sim.sessions.get(sessionId)?.participantIds).toHaveLength(2);
		const puts = ctx.sim.requests.filter((request) => request.method === 'PUT');
		expect(puts.map((request) => request.body)).toEqual(['', '']);
		// An existing session is read, never created.
		expect(requestLines(ctx.sim).filter((line) => line === `POST ${base}/sessions`)).toHaveLength(0);
	});

	it('fails before creating anything when the given session does not exist', async () => {
		const run = await ctx.run(join({ sessionId: 'ended-session' }));
		expect(run.error?.message).toMatch(/^Bandwidth answered 404 Not Found/);
		expect(ctx.sim.participants.size).toBe(0);
	});

	/** The first `pass` requests go through untouched; the one after gets `status`. */
	function failRequestAfter(pass: number, status: number, error: string): void {
		ctx.sim.injectFaults(LET_THROUGH, pass);
		ctx.sim.injectFaults({ kind: 'status', status, body: { error, requestId: 'req-add' } }, 1);
	}

	it('when adding fails, says what it made and deletes it (clean-up is on by default)', async () => {
		failRequestAfter(2, 400, 'Invalid subscriptions');
		const run = await ctx.run(join({ sessionTag: 'doomed' }), { continueOnFail: true });

		const error = run.items[0].error as unknown as Error & IDataObject;
		// What was made and cleaned up is in the message: an AI agent's model reads nothing else.
		expect(run.items[0].json).toEqual({ error: error.message });
		expect(error.message).toMatch(/^Bandwidth answered 400 Bad Request: Invalid subscriptions\. Bandwidth refused a value the node sent/);
		const [, participantPost] = ctx.sim.requests;
		const participantId = ctx.sim.requests[2].path.split('/').pop();
		const sessionId = ctx.sim.requests[2].path.split('/')[5];
		expect(participantPost.method).toBe('POST');
		expect(error.message).toContain(`Clean-up: deleted participant ${participantId}; deleted session ${sessionId}.`);
		expect(requestLines(ctx.sim).slice(3)).toEqual([
			`DELETE ${base}/participants/${participantId}`,
			`DELETE ${base}/sessions/${sessionId}`,
		]);
		expect(ctx.sim.participants.size).toBe(0);
		expect(ctx.sim.sessions.size).toBe(0);
	});

	it('a 2xx answer without a participant is an error that says what was made and cleaned up', async () => {
		// The session is created; the participant POST answers 200 with no participant in it.
		ctx.sim.injectFaults(LET_THROUGH, 1);
		ctx.sim.injectFaults({ kind: 'status', status: 200, body: { token: 'not-a-participant' } }, 1);
		const run = await ctx.run(join({ sessionTag: 'odd-answer' }), { continueOnFail: true });

		const error = run.items[0].error as unknown as Error & IDataObject;
		expect(error.name).toBe('NodeApiError');
		expect(run.items[0].json).toEqual({ error: error.message });
		expect(error.message).toMatch(/^Bandwidth answered without the new participant\. Created: /);
		const lines = requestLines(ctx.sim);
		expect(lines.slice(0, 2)).toEqual([`POST ${base}/sessions`, `POST ${base}/participants`]);
		const sessionId = lines[2].split('/').pop();
		expect(lines[2]).toBe(`DELETE ${base}/sessions/${sessionId}`);
		expect(error.message).toContain(
			`Created: session ${sessionId} and participant (ID not returned). Clean-up: could not delete the participant, whose ID Bandwidth did not return: find it by its tag; deleted session ${sessionId}.`,
		);
		expect(ctx.sim.sessions.size).toBe(0);
	});

	it('says why a clean-up delete failed, and what is left to delete', async () => {
		failRequestAfter(2, 400, 'Invalid subscriptions');
		// The participant's DELETE fails on every attempt; the session's goes through.
		ctx.sim.injectFaults({ kind: 'status', status: 500, body: { error: 'Internal error', requestId: 'req-del' } }, 3);
		const run = await ctx.run(join({ sessionTag: 'stuck' }), { continueOnFail: true });

		const error = run.items[0].error as unknown as Error & IDataObject;
		const [participantId] = [...ctx.sim.participants.keys()];
		expect(participantId).toEqual(expect.any(String));
		expect(error.message).toMatch(
			new RegExp(
				`Clean-up: could not delete participant ${participantId} \\(Bandwidth answered 500 Internal Server Error: Internal error \\(after 3 attempts\\)\\), delete it yourself; deleted session [0-9a-f-]+\\.$`,
			),
		);
		expect(ctx.sim.sessions.size).toBe(0);
	});

	it('with clean-up off, the error lists the ids left in place', async () => {
		failRequestAfter(2, 400, 'Invalid subscriptions');
		const run = await ctx.run(join({ options: { cleanUpOnFailure: false } }), { continueOnFail: true });

		const error = run.items[0].error as unknown as Error & IDataObject;
		const [participantId] = [...ctx.sim.participants.keys()];
		const [sessionId] = [...ctx.sim.sessions.keys()];
		expect(error.message).toContain(
			`Already created and left in place: session ${sessionId} and participant ${participantId}.`,
		);
		expect(ctx.sim.participants.size).toBe(1);
	});

	it('a full session (20 participants) gives a 409 that says so, and only its own participant is removed', async () => {
		const session = await ctx.run({ resource: 'session', operation: 'create' });
		const sessionId = session.items[0].json.id as string;
		const filled = await ctx.run(join({ sessionId }), { items: Array.from({ length: 20 }, () => ({})) });
		expect(filled.error).toBeUndefined();

		const run = await ctx.run(join({ sessionId }));
		expect(run.error?.message).toMatch(/^Bandwidth answered 409 Conflict: Session .* is full/);
		expect(run.error?.message).toMatch(/session is full \(at most 20 participants\)/);
		expect(run.error?.message).toMatch(/Clean-up: deleted participant [0-9a-f-]+\.$/);
		expect(ctx.sim.participants.size).toBe(20);
		expect(ctx.sim.sessions.has(sessionId)).toBe(true);
	});
});
