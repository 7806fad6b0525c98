'use strict';
// (c) The Bandwidth WebRTC Trigger in the real app: the workflow is activated through the REST
// API, a participant is created in the simulator with the trigger's production webhook URL as its
// callbackUrl, and real callbacks are posted (by the simulator, and directly). The executions the
// app ran, and the data they got, are read back through the REST API. The trigger checks the
// secret of a Bandwidth WebRTC Callback API credential (Authentication: Callback Secret).
const assert = require('node:assert/strict');
const { test, before } = require('node:test');

const { activateWorkflow, ctx, sim, request, ownerClient, listExecutions, waitForExecutions, getExecution, nodeOutput } = require('../lib/context');

const trigger = ctx.workflows.trigger;
let rest;
let participant;
const sent = {}; // event -> {timestamp, deviceId}

before(async () => {
	rest = await ownerClient();
});

const callbackPayload = (event, extra = {}) => ({
	event,
	timestamp: String(Date.now()),
	participantId: participant?.id ?? 'p-direct',
	deviceId: 'device-direct',
	...extra,
});

test('(c) the trigger workflow activates through the REST API and its production URL is live', async () => {
	const wf = await rest.call('GET', `/rest/workflows/${trigger.id}`);
	assert.equal(wf.active, false, 'imported inactive');
	const webhookNode = wf.nodes.find((n) => n.type === 'n8n-nodes-bandwidth-webrtc.bandwidthWebRtcTrigger');
	assert.ok(webhookNode, 'trigger node loaded from the package');
	assert.equal(webhookNode.webhookId, trigger.webhookId);
	// The secret is in the (encrypted) credential; the workflow holds only a reference to it.
	assert.equal(webhookNode.parameters.authentication, 'callbackSecret');
	assert.equal(webhookNode.parameters.secret, undefined, 'no secret parameter');
	assert.deepEqual(webhookNode.credentials, {
		[trigger.callbackCredential.type]: { id: trigger.callbackCredential.id, name: trigger.callbackCredential.name },
	});
	assert.ok(!JSON.stringify(wf).includes(trigger.secret), 'the workflow as the editor loads it does not hold the secret');
	const activated = await activateWorkflow(rest, trigger.id, wf.versionId);
	assert.equal(activated.active, true);

	// The production URL is /webhook/<webhookId>/webhook; registered only while active. Without the
	// secret the node itself answers 401 (n8n would answer 404 for an unknown webhook).
	const res = await request('POST', trigger.productionUrl, { body: callbackPayload('onConnect') });
	assert.equal(res.status, 401, `expected the trigger's 401, got ${res.status} ${res.text}`);
	assert.equal((await listExecutions(rest, trigger.id)).length, 0);
});

test('(c) simulator callbacks: one execution per selected event, Bandwidth payload with numeric timestamp', { timeout: 60_000 }, async () => {
	const callbackUrl = `${trigger.productionUrl}?secret=${encodeURIComponent(trigger.secret)}`;
	const created = await sim.api('POST', '/participants', { callbackUrl, tag: 'e2e-events', publishPermissions: ['AUDIO'] });
	assert.equal(created.status, 200, created.text);
	participant = created.json.participant;
	assert.equal(participant.callbackUrl, callbackUrl);

	const base = Date.now() - 60_000;
	const events = [
		{ event: 'onConnect', timestamp: base + 1, deviceId: 'device-e2e-1', started: true },
		{ event: 'onDisconnect', timestamp: base + 2, deviceId: 'device-e2e-1', started: false },
		{ event: 'onLeave', timestamp: base + 3, deviceId: 'device-e2e-1', started: true },
	];
	for (const e of events) {
		const res = await sim.sendEvent(participant.id, e.event, { timestamp: String(e.timestamp), deviceId: e.deviceId });
		assert.equal(res.status, 200, `control endpoint: ${res.text}`);
		const callback = res.json;
		assert.equal(callback.status, 200, `${e.event}: the trigger answered ${callback.status} ${callback.body}`);
		assert.equal(callback.payload.timestamp, String(e.timestamp), 'the simulator sends the timestamp as a string, like Bandwidth');
		const body = JSON.parse(callback.body);
		assert.equal(body.received, true);
		assert.equal(Boolean(body.ignored), !e.started, `${e.event}: ${callback.body}`);
		sent[e.event] = e;
	}

	const executions = await waitForExecutions(rest, trigger.id, (list) => list.length >= 2 && list.every((x) => x.status !== 'running' && x.status !== 'new'));
	// Give a stray third execution (the unselected event) a moment to show up.
	await new Promise((r) => setTimeout(r, 1500));
	const all = await listExecutions(rest, trigger.id);
	assert.equal(all.length, 2, `expected 2 executions (onConnect, onLeave), got ${all.length}: ${JSON.stringify(all.map((x) => [x.id, x.status]))}`);
	assert.equal(executions.length, 2);

	const seen = [];
	for (const summary of all) {
		assert.equal(summary.status, 'success');
		assert.equal(summary.mode, 'webhook');
		const execution = await getExecution(rest, summary.id);
		const items = nodeOutput(execution.data, trigger.nodeName);
		assert.equal(items.length, 1, 'one item per callback');
		const [item] = items;
		const expected = sent[item.event];
		assert.ok(expected && expected.started, `unexpected event ${item.event}`);
		assert.equal(typeof item.timestamp, 'number', `timestamp is a number, got ${typeof item.timestamp} ${JSON.stringify(item.timestamp)}`);
		assert.equal(item.timestamp, expected.timestamp);
		assert.equal(item.participantId, participant.id);
		assert.equal(item.deviceId, expected.deviceId);
		assert.equal(item.tag, 'e2e-events');
		const downstream = nodeOutput(execution.data, 'Participant Event');
		assert.deepEqual(downstream, [item], 'the next node got the item');
		seen.push(item.event);
	}
	assert.deepEqual(seen.sort(), ['onConnect', 'onLeave']);
});

test('(c) an unselected event (onDisconnect) is answered 200 and starts nothing', async () => {
	const res = await request('POST', trigger.productionUrl, {
		body: callbackPayload('onDisconnect'),
		headers: { 'x-webhook-secret': trigger.secret },
	});
	assert.equal(res.status, 200, res.text);
	assert.equal(res.json?.ignored, true, res.text);
	await new Promise((r) => setTimeout(r, 1000));
	const all = await listExecutions(rest, trigger.id);
	assert.equal(all.length, 2, 'still only the two executions');
});

test('(c) secret: missing -> 401, wrong -> 403 (query or header); neither starts an execution', async () => {
	const payload = callbackPayload('onConnect');
	const missing = await request('POST', trigger.productionUrl, { body: payload });
	assert.equal(missing.status, 401, missing.text);
	const wrongQuery = await request('POST', `${trigger.productionUrl}?secret=not-the-secret`, { body: payload });
	assert.equal(wrongQuery.status, 403, wrongQuery.text);
	const wrongHeader = await request('POST', trigger.productionUrl, { body: payload, headers: { 'x-webhook-secret': 'not-the-secret' } });
	assert.equal(wrongHeader.status, 403, wrongHeader.text);
	for (const res of [missing, wrongQuery, wrongHeader]) assert.ok(!res.text.includes(trigger.secret), 'the answer does not reveal the secret');
	await new Promise((r) => setTimeout(r, 1000));
	assert.equal((await listExecutions(rest, trigger.id)).length, 2, 'refused callbacks start nothing');
});

test('(c) a direct callback with the secret in the X-Webhook-Secret header starts an execution', { timeout: 30_000 }, async () => {
	const timestamp = Date.now();
	const payload = { event: 'onLeave', timestamp: String(timestamp), participantId: participant.id, deviceId: 'device-direct', tag: 'e2e-events' };
	const res = await request('POST', trigger.productionUrl, { body: payload, headers: { 'x-webhook-secret': trigger.secret } });
	assert.equal(res.status, 200, res.text);
	const all = await waitForExecutions(rest, trigger.id, (list) => list.length >= 3 && list[0].status === 'success');
	assert.equal(all.length, 3);
	const execution = await getExecution(rest, all[0].id);
	const [item] = nodeOutput(execution.data, trigger.nodeName);
	assert.deepEqual(item, { ...payload, timestamp });
});
