'use strict';
// (b) The credential's test, run by the real app through its REST API (POST /rest/credentials/test,
// as the editor's "Retry"/"Save" does), logged in as the owner: a wrong password fails with a
// clear message, the right one succeeds, and nothing is created in the simulator.
const assert = require('node:assert/strict');
const { test, before } = require('node:test');

const { ctx, sim, ownerClient } = require('../lib/context');

let rest;
let stateBefore;

const credentialBody = (data) => ({
	credentials: {
		id: ctx.credential.id,
		name: ctx.credential.name,
		type: ctx.credential.type,
		data: { accountId: ctx.sim.accountId, username: ctx.sim.username, password: ctx.sim.password, baseUrl: ctx.sim.baseUrl, ...data },
	},
});

async function testCredential(data) {
	const result = await rest.call('POST', '/rest/credentials/test', credentialBody(data));
	assert.ok(result && typeof result.status === 'string', `unexpected answer ${JSON.stringify(result)}`);
	return result;
}

before(async () => {
	rest = await ownerClient();
	stateBefore = await sim.state();
});

test('(b) credential test: wrong password -> failure with a clear message', async () => {
	const result = await testCredential({ password: ctx.credential.wrongPassword });
	assert.equal(result.status, 'Error');
	assert.match(result.message, /refused this username and password/i);
	assert.match(result.message, /401/);
	// Basic auth retired on 2 December 2026: the message says what to use instead.
	assert.match(result.message, /retired on 2 December 2026: use a "Bandwidth WebRTC OAuth2 API" credential/);
	assert.ok(!result.message.includes(ctx.credential.wrongPassword), 'message must not echo the password');
});

test('(b) credential test: wrong username -> failure with the same clear message', async () => {
	const result = await testCredential({ username: 'nobody-here' });
	assert.equal(result.status, 'Error');
	assert.match(result.message, /refused this username and password/i);
});

test('(b) credential test: right username and password -> success', async () => {
	const result = await testCredential({});
	assert.equal(result.status, 'OK', `expected OK, got ${JSON.stringify(result)}`);
});

test('(b) credential test: saved credential as the editor sends it (password redacted) -> success with the stored password', async () => {
	const saved = await rest.call('GET', `/rest/credentials/${ctx.credential.id}?includeData=true`);
	assert.equal(saved.type, 'bandwidthWebRtcApi');
	assert.notEqual(saved.data.password, ctx.sim.password, 'the REST API never returns the password');
	assert.match(String(saved.data.password), /^__n8n_BLANK_VALUE_/);
	const result = await rest.call('POST', '/rest/credentials/test', { credentials: { id: saved.id, name: saved.name, type: saved.type, data: saved.data } });
	assert.equal(result.status, 'OK', `expected OK, got ${JSON.stringify(result)}`);
});

test('(b) credential test: unreachable base URL -> failure', async () => {
	const result = await testCredential({ baseUrl: 'http://127.0.0.1:9/v1' });
	assert.equal(result.status, 'Error');
	assert.ok(result.message && result.message.length > 0);
});

test('(b) credential tests created nothing in the simulator and only read a made-up participant', async () => {
	const stateAfter = await sim.state();
	const requests = (await sim.requests()).slice(stateBefore.counts.requests);
	const summary = requests.map((r) => `${r.method} ${r.path} ${r.status}`);
	assert.equal(stateAfter.counts.participants, stateBefore.counts.participants, 'no participant created');
	assert.equal(stateAfter.counts.sessions, stateBefore.counts.sessions, 'no session created');
	assert.ok(requests.length >= 4, `the credential tests reached the simulator: ${JSON.stringify(summary)}`);
	for (const r of requests) {
		assert.equal(r.method, 'GET', `credential test made a ${r.method}: ${JSON.stringify(summary)}`);
		assert.equal(r.path, `/v1/accounts/${ctx.sim.accountId}/participants/n8n-credential-test`);
	}
	assert.deepEqual(requests.map((r) => r.status).sort(), [401, 401, 404, 404], JSON.stringify(summary));
});

// The callback credential's secret is known to no Bandwidth endpoint: the app runs the nodes'
// `testedBy` method, which judges the secret itself and sends nothing.
const callbackCredentialBody = (data) => {
	const { id, name, type } = ctx.workflows.trigger.callbackCredential;
	return { credentials: { id, name, type, data } };
};

test('(b) callback credential test: the saved secret as the editor sends it (redacted) -> OK, saying what was checked', async () => {
	const { id } = ctx.workflows.trigger.callbackCredential;
	const requestsBefore = (await sim.requests()).length;
	const saved = await rest.call('GET', `/rest/credentials/${id}?includeData=true`);
	assert.equal(saved.type, 'bandwidthWebRtcCallbackApi');
	assert.match(String(saved.data.secret), /^__n8n_BLANK_VALUE_/, 'the REST API never returns the secret');
	const result = await rest.call('POST', '/rest/credentials/test', { credentials: { id: saved.id, name: saved.name, type: saved.type, data: saved.data } });
	const length = ctx.workflows.trigger.secret.length;
	assert.equal(result.status, 'OK', `expected OK, got ${JSON.stringify(result)}`);
	assert.match(result.message, new RegExp(`^Secret set, ${length} characters \\(\\d+ different, letters, digits and - \\. _ ~ only\\): strong enough\\. Only the secret itself was checked; Bandwidth does not know it, so nothing was sent$`));
	assert.ok(!result.message.includes(ctx.workflows.trigger.secret), 'the message must not echo the secret');
	assert.equal((await sim.requests()).length, requestsBefore, 'testing the callback credential sent nothing to the simulator');
});

test('(b) callback credential test: an empty secret and a weak one -> failures that say why', async () => {
	const empty = await rest.call('POST', '/rest/credentials/test', callbackCredentialBody({ secret: '' }));
	assert.equal(empty.status, 'Error', JSON.stringify(empty));
	assert.match(empty.message, /^No secret set/);
	const short = await rest.call('POST', '/rest/credentials/test', callbackCredentialBody({ secret: 'Zq7secret9pX' }));
	assert.equal(short.status, 'Error', JSON.stringify(short));
	assert.match(short.message, /^The secret has 12 characters: use at least 24 random/);
	const run = await rest.call('POST', '/rest/credentials/test', callbackCredentialBody({ secret: 'a'.repeat(40) }));
	assert.equal(run.status, 'Error', JSON.stringify(run));
	assert.match(run.message, /^The secret has 40 characters but only 1 different one: use a random value/);
});
