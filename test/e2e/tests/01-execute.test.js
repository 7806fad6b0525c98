'use strict';
// (a) A workflow run by the real n8n app: Manual Trigger -> Session: Create -> Participant:
// Create in Session -> Session: Get Participants, imported with `n8n import:workflow` and run with
// `n8n execute --id=... --rawOutput`; its output and the simulator's state are checked.
const assert = require('node:assert/strict');
const { test } = require('node:test');

const { ctx, sim, executeWorkflow, nodeOutput, ownerClient, waitForExecutions } = require('../lib/context');

const decodeJwt = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

test('(a) n8n execute: Session Create -> Participant Create in Session -> Session Get Participants', { timeout: 180_000 }, async () => {
	const { id, nodeNames } = ctx.workflows.session;
	const [, createSession, createParticipant, getParticipants] = nodeNames;
	const before = await sim.state();

	const run = await executeWorkflow(id);
	assert.equal(run.status, 'success');
	assert.equal(run.mode, 'cli');

	// Session: Create
	const sessions = nodeOutput(run.data, createSession);
	assert.equal(sessions.length, 1);
	const session = sessions[0];
	assert.match(session.id, /\S/);
	assert.equal(session.tag, 'n8n-e2e-session');

	// Participant: Create in Session -> {participant, token, session}
	const created = nodeOutput(run.data, createParticipant);
	assert.equal(created.length, 1);
	const { participant, token, session: joined } = created[0];
	assert.ok(participant && typeof participant.id === 'string', `no participant in ${JSON.stringify(created[0])}`);
	assert.deepEqual([...participant.publishPermissions].sort(), ['AUDIO', 'VIDEO']);
	assert.equal(participant.tag, 'n8n-e2e-participant');
	assert.deepEqual(participant.sessions, [session.id], 'the participant is already in the session');
	assert.equal(joined.id, session.id);
	assert.equal(typeof token, 'string');
	assert.equal(token.split('.').length, 3, 'token is a JWT');
	const claims = decodeJwt(token);
	assert.equal(claims.tid, participant.id);
	assert.equal(claims.v, 'V3');
	assert.ok(claims.exp * 1000 > Date.now(), 'token not expired');

	// Session: Get Participants -> one item per participant
	const listed = nodeOutput(run.data, getParticipants);
	assert.equal(listed.length, 1);
	assert.equal(listed[0].id, participant.id);
	assert.deepEqual(listed[0].sessions, [session.id]);

	// The simulator saw exactly that.
	const after = await sim.state();
	assert.equal(after.counts.sessions, before.counts.sessions + 1);
	assert.equal(after.counts.participants, before.counts.participants + 1);
	const simSession = after.sessions.find((s) => s.id === session.id);
	assert.ok(simSession, 'session exists in the simulator');
	assert.deepEqual(simSession.participantIds, [participant.id]);
	assert.equal(simSession.tag, 'n8n-e2e-session');
	const simParticipant = after.participants.find((p) => p.id === participant.id);
	assert.ok(simParticipant, 'participant exists in the simulator');
	assert.deepEqual(simParticipant.sessions, [session.id]);
	assert.deepEqual(simParticipant.subscriptions, { sessionId: session.id }, 'subscribed to the whole session (default)');

	// Every API request the node made carried the credential's Basic auth.
	const expectedAuth = `Basic ${Buffer.from(`${ctx.sim.username}:${ctx.sim.password}`).toString('base64')}`;
	const fromRun = (await sim.requests()).slice(before.counts.requests).filter((r) => r.path.includes('/accounts/'));
	assert.ok(fromRun.length >= 4, `expected >= 4 API requests, saw ${fromRun.length}`);
	for (const r of fromRun) assert.equal(r.headers.authorization, expectedAuth, `${r.method} ${r.path} without the right Basic auth`);
	// The calls that make the flow, in this order (the node may read in between, e.g. to check the
	// session exists); nothing deleted, nothing failed.
	const calls = fromRun.map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/g, ':id')} ${r.status}`);
	const required = [
		'POST /v1/accounts/9900000/sessions 200',
		'POST /v1/accounts/9900000/participants 200',
		'PUT /v1/accounts/9900000/sessions/:id/participants/:id 204',
		'GET /v1/accounts/9900000/sessions/:id/participants 200',
	];
	let at = 0;
	for (const call of calls) if (call === required[at]) at++;
	assert.equal(at, required.length, `expected ${JSON.stringify(required)} in order within ${JSON.stringify(calls)}`);
	assert.ok(calls.every((c) => !c.startsWith('DELETE') && / 2\d\d$/.test(c)), `unexpected calls: ${JSON.stringify(calls)}`);

	// The app stored the run as a successful execution.
	const rest = await ownerClient();
	const executions = await waitForExecutions(rest, id, (list) => list.length >= 1);
	assert.equal(executions.length, 1);
	assert.equal(executions[0].status, 'success');
});
