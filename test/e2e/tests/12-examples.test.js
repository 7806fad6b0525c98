'use strict';
// The workflows in examples/, imported as shipped (only the Bandwidth credential is put in, as a
// user picks theirs after "Import from File"), activated or executed, and checked for what a
// user would look at: the token in the web page's answer (call-link), valid Connect BXML naming
// the eligible endpoint in Bandwidth Voice's answer (phone-to-browser), only the stale endpoints
// deleted (cleanup). The files: examples/call-link.json, examples/phone-to-browser.json and
// examples/cleanup.json (examples/agent.json is 13-ai-agent's).
const assert = require('node:assert/strict');
const { test, before } = require('node:test');

const fixtures = require('../../stack/fixtures');

const { activateWorkflow, brtcCredentialData, ctx, request, sim, ownerClient, executeWorkflow, nodeOutput, waitForExecutions } = require('../lib/context');

const endpointsPath = `/v2/accounts/${ctx.sim.accountId}/endpoints`;
const webhookBase = `${ctx.n8n.baseUrl.replace(/\/+$/, '')}/webhook`;

let rest;
let brtcCredential;
const imported = {};

/** Saves an example as the editor does after Import from File, with the user's BRTC credential picked. */
async function importExample(name) {
	const file = fixtures.exampleWorkflow(name, brtcCredential);
	const workflow = await rest.call('POST', '/rest/workflows', { ...file, name: `${file.name} (e2e)`, active: false });
	assert.ok(workflow && workflow.id, JSON.stringify(workflow));
	return workflow;
}

async function simEvent(endpointId, event) {
	const res = await request('POST', `${ctx.sim.url}/__sim/brtc/endpoints/${encodeURIComponent(endpointId)}/events`, { body: { event } });
	assert.equal(res.status, 200, res.text);
	return res.json;
}

async function callLink(customerId) {
	const res = await request('POST', `${webhookBase}/bandwidth-call-link`, { body: { customerId } });
	assert.equal(res.status, 200, `${res.status} ${res.text}`);
	return res.json;
}

before(async () => {
	rest = await ownerClient();
	brtcCredential = await rest.call('POST', '/rest/credentials', {
		name: 'Bandwidth BRTC (e2e examples)',
		type: 'bandwidthBrtcOAuth2Api',
		data: brtcCredentialData(),
	});
	for (const name of ['call-link', 'phone-to-browser', 'cleanup']) imported[name] = await importExample(name);
});

test('(examples) every file in examples/ is a workflow this suite imports', () => {
	// Besides agent.json, which 13-ai-agent imports and runs.
	assert.deepEqual(fixtures.exampleNames(), ['call-link', 'cleanup', 'phone-to-browser']);
});

test('(examples) call-link: a web form\'s POST gets the device token and its expiry, the endpoint tagged with the customer', { timeout: 120_000 }, async () => {
	const workflow = imported['call-link'];
	await activateWorkflow(rest, workflow.id, workflow.versionId);
	const offset = (await sim.requests()).length;
	const answer = await callLink('crm-2001');
	assert.equal(answer.token.split('.').length, 3, `a JWT: ${JSON.stringify(answer)}`);
	assert.match(answer.endpointId, /^e-/);
	assert.equal(answer.customerId, 'crm-2001');
	assert.ok(Date.parse(answer.expiresAt) > Date.now(), `expiresAt in the future: ${answer.expiresAt}`);
	const post = (await sim.requests()).slice(offset).find((r) => r.method === 'POST' && r.path === endpointsPath);
	assert.ok(post, 'Bandwidth got a create request');
	assert.equal(post.json.tag, 'crm-2001');
	assert.equal(post.json.eventCallbackUrl, `${webhookBase}/${'6d1f3c2a-5b7e-4c8d-9a0f-2e4b6c8d0f12'}/webhook`);
});

test('(examples) phone-to-browser: Bandwidth Voice\'s callback gets Connect BXML naming the endpoint that turned eligible', { timeout: 120_000 }, async () => {
	const workflow = imported['phone-to-browser'];
	await activateWorkflow(rest, workflow.id, workflow.versionId);
	const voiceCallback = () =>
		request('POST', `${webhookBase}/bandwidth-voice-answer`, {
			body: { eventType: 'initiate', callId: 'c-15ac29a2-1331029c', from: '+15551230001', to: '+15551230002' },
		});

	// A browser that has a token but publishes no audio yet cannot take the call: the caller hears so.
	const noOneAvailable = (answer) => {
		assert.equal(answer.status, 200, answer.text);
		assert.match(answer.text, /^<\?xml version="1.0" encoding="UTF-8"\?><Response><SpeakSentence>[^<]+<\/SpeakSentence><Hangup\/><\/Response>$/);
	};
	const { endpointId } = await callLink('crm-2002');
	noOneAvailable(await voiceCallback());

	// The trigger answers at once and runs afterwards: wait for its execution, besides the ones so far.
	const finished = (list) => list.filter((x) => x.status === 'success').length;
	const before = finished(await waitForExecutions(rest, workflow.id, (list) => list.length >= 1 && list.every((x) => !['new', 'running', 'waiting'].includes(x.status))));
	const delivery = await simEvent(endpointId, 'endpointEligible');
	assert.equal(delivery.delivered, true, JSON.stringify(delivery.attempts));
	const executions = await waitForExecutions(rest, workflow.id, (list) => finished(list) > before);
	assert.ok(finished(executions) > before, 'the eligible event started the workflow');

	const answer = await voiceCallback();
	assert.equal(answer.status, 200, answer.text);
	assert.match(String(answer.headers['content-type']), /^application\/xml/);
	assert.equal(
		answer.text,
		`<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Endpoint>${endpointId}</Endpoint></Connect></Response>`,
	);

	// Once the browser stops publishing audio (endpointIneligible), calls are no longer put through to it.
	await simEvent(endpointId, 'endpointIneligible');
	const deadline = Date.now() + 20_000;
	let late;
	do {
		late = await voiceCallback();
	} while (late.text.includes('<Connect>') && Date.now() < deadline);
	noOneAvailable(late);
});

test('(examples) cleanup: Get Many, then Delete only the disconnected (past the grace) and the too old endpoints', { timeout: 240_000 }, async () => {
	const ids = {};
	for (const name of ['connectedFresh', 'disconnectedFresh', 'disconnectedOld', 'connectedTooOld']) {
		ids[name] = (await callLink(`cleanup-${name}`)).endpointId;
	}
	await simEvent(ids.connectedFresh, 'endpointConnected');
	await simEvent(ids.connectedTooOld, 'endpointConnected');
	const age = async (endpointId, seconds) => {
		const res = await request('POST', `${ctx.sim.url}/__sim/brtc/endpoints/${encodeURIComponent(endpointId)}/age`, { body: { seconds } });
		assert.equal(res.status, 200, res.text);
	};
	await age(ids.disconnectedOld, 30 * 60); // past the 10 minutes' grace
	await age(ids.connectedTooOld, 13 * 3600); // past the 12 hours' limit

	const before = new Map();
	const offset = (await sim.requests()).length;
	const { data } = await executeWorkflow(imported.cleanup.id, 'cleanup');
	for (const endpoint of nodeOutput(data, 'Get Many Endpoints')) before.set(endpoint.endpointId, endpoint);

	const deleted = (await sim.requests())
		.slice(offset)
		.filter((r) => r.method === 'DELETE' && r.status === 204)
		.map((r) => decodeURIComponent(r.path.slice(endpointsPath.length + 1)));
	assert.ok(deleted.includes(ids.disconnectedOld), `the disconnected endpoint is deleted: ${JSON.stringify(deleted)}`);
	assert.ok(deleted.includes(ids.connectedTooOld), `the too old endpoint is deleted: ${JSON.stringify(deleted)}`);
	assert.ok(!deleted.includes(ids.connectedFresh), 'a connected, new endpoint stays');
	assert.ok(!deleted.includes(ids.disconnectedFresh), 'a new endpoint waiting for its browser stays');
	// Whatever else the account held was deleted only when stale by the same rule.
	for (const endpointId of deleted) {
		const endpoint = before.get(endpointId);
		const ageMinutes = (Date.now() - Date.parse(endpoint.creationTimestamp)) / 60000;
		assert.ok(ageMinutes > 12 * 60 || (endpoint.status === 'DISCONNECTED' && ageMinutes > 10), JSON.stringify(endpoint));
	}
	assert.deepEqual(
		nodeOutput(data, 'Delete Endpoint').map((item) => item.endpointId).sort(),
		[...deleted].sort(),
	);
});
