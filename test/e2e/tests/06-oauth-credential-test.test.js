'use strict';
// (b, OAuth2) The OAuth2 credential's test in the real app, on a saved credential as the editor
// does it (save, then test): n8n runs the credential's preAuthentication (client-credentials
// grant against the simulator's token URL), saves the token into the credential, then sends the
// test request with it. A right client passes, a wrong secret fails with a clear message that
// does not echo it, and nothing is created. (n8n 2.8.4 refuses to test an unsaved credential
// that has preAuthentication: "Found credential with no ID.")
const assert = require('node:assert/strict');
const { test, before } = require('node:test');

const { ctx, sim, ownerClient, executeWorkflow, nodeOutput } = require('../lib/context');

let rest;
let stateBefore;

const oauthData = (data = {}) => ({
	accountId: ctx.sim.accountId,
	clientId: ctx.sim.clientId,
	clientSecret: ctx.sim.clientSecret,
	baseUrl: ctx.sim.baseUrl,
	tokenUrl: ctx.sim.tokenUrl,
	...data,
});

/** Saves a credential, tests it as the editor does, deletes it again. */
async function testOAuthCredential(data) {
	const name = `Bandwidth WebRTC OAuth2 (e2e ${Date.now()})`;
	const saved = await rest.call('POST', '/rest/credentials', { name, type: 'bandwidthWebRtcOAuth2Api', data: oauthData(data) });
	assert.ok(saved && saved.id, `credential saved: ${JSON.stringify(saved)}`);
	try {
		const result = await rest.call('POST', '/rest/credentials/test', {
			credentials: { id: saved.id, name, type: 'bandwidthWebRtcOAuth2Api', data: oauthData(data) },
		});
		assert.ok(result && typeof result.status === 'string', `unexpected answer ${JSON.stringify(result)}`);
		return result;
	} finally {
		await rest.call('DELETE', `/rest/credentials/${saved.id}`);
	}
}

before(async () => {
	rest = await ownerClient();
	stateBefore = await sim.state();
});

test('(b) OAuth2 credential test: the right client gets a token and passes', async () => {
	const result = await testOAuthCredential({});
	assert.equal(result.status, 'OK', `expected OK, got ${JSON.stringify(result)}`);
	const state = await sim.state();
	assert.ok(state.accessTokensIssued > stateBefore.accessTokensIssued, 'a token was fetched from the token URL');
	const requests = (await sim.requests()).slice(stateBefore.counts.requests);
	const apiCall = requests.find((r) => r.path.endsWith('/participants/n8n-credential-test'));
	assert.ok(apiCall, `the test request reached the API: ${JSON.stringify(requests.map((r) => `${r.method} ${r.path} ${r.status}`))}`);
	assert.match(String(apiCall.headers.authorization), /^Bearer /);
	assert.equal(apiCall.status, 404);
});

test('(b) OAuth2 credential test: a wrong client secret fails with a clear message that does not echo it', async () => {
	const wrong = 'Wrong-Client-Secret-e2e';
	const result = await testOAuthCredential({ clientSecret: wrong });
	assert.equal(result.status, 'Error');
	assert.match(result.message, /client ID or secret/i);
	assert.doesNotMatch(result.message, /BANDWIDTH_OAUTH_TOKEN_/, 'the internal code is not what the user reads');
	assert.ok(!result.message.includes(wrong), 'the message must not echo the secret');
	assert.ok(!JSON.stringify(result).includes(ctx.sim.clientSecret), 'the answer must not hold the right secret');
});

test('(b) OAuth2 credential test: an unreachable token URL fails with a clear message, not an error code', async () => {
	// Port 9 (discard) on 127.0.0.1: nothing listens, so the token request is refused at once.
	const result = await testOAuthCredential({ tokenUrl: 'http://127.0.0.1:9/oauth2/token' });
	assert.equal(result.status, 'Error', JSON.stringify(result));
	assert.match(result.message, /Could not reach the token URL/, `the sentence, on every n8n line: ${JSON.stringify(result)}`);
	assert.doesNotMatch(result.message, /BANDWIDTH_OAUTH_TOKEN_/, 'the internal code is not what the user reads');
	assert.ok(!JSON.stringify(result).includes(ctx.sim.clientSecret), 'the answer must not hold the secret');
});

test('(b) OAuth2 credential tests created nothing', async () => {
	const state = await sim.state();
	assert.equal(state.counts.participants, stateBefore.counts.participants);
	assert.equal(state.counts.sessions, stateBefore.counts.sessions);
});

test('(a, OAuth2) n8n execute with the OAuth2 credential: Bearer on every call, one token for two runs', { timeout: 240_000 }, async () => {
	const credential = await rest.call('POST', '/rest/credentials', {
		name: 'Bandwidth WebRTC OAuth2 (e2e run)',
		type: 'bandwidthWebRtcOAuth2Api',
		data: oauthData(),
	});
	const workflow = await rest.call('POST', '/rest/workflows', {
		name: 'Bandwidth WebRTC OAuth2 (e2e)',
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {
			Start: { main: [[{ node: 'Create Session', type: 'main', index: 0 }]] },
			'Create Session': { main: [[{ node: 'Get Session', type: 'main', index: 0 }]] },
		},
		nodes: [
			{ id: 'e2e-oauth-start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			...['Create Session', 'Get Session'].map((name, index) => ({
				id: `e2e-oauth-${index}`,
				name,
				type: 'n8n-nodes-bandwidth-webrtc.bandwidthWebRtc',
				typeVersion: 1,
				position: [200 * (index + 1), 0],
				parameters:
					index === 0
						? { authentication: 'oAuth2', resource: 'session', operation: 'create', additionalFields: { tag: 'e2e-oauth' } }
						: { authentication: 'oAuth2', resource: 'session', operation: 'get', sessionId: '={{ $json.id }}' },
				credentials: { bandwidthWebRtcOAuth2Api: { id: credential.id, name: credential.name } },
			})),
		],
	});
	const before = await sim.state();
	const offset = before.counts.requests;

	for (let run = 1; run <= 2; run++) {
		const { data } = await executeWorkflow(workflow.id, `run ${run}`);
		const [session] = nodeOutput(data, 'Get Session');
		assert.equal(session.tag, 'e2e-oauth', `run ${run}: the session was read back`);
	}

	const after = await sim.state();
	const requests = (await sim.requests()).slice(offset);
	const apiCalls = requests.filter((r) => r.path.startsWith('/v1/'));
	assert.equal(apiCalls.length, 4, JSON.stringify(requests.map((r) => `${r.method} ${r.path} ${r.status}`)));
	for (const call of apiCalls) {
		assert.match(String(call.headers.authorization), /^Bearer /, `${call.method} ${call.path} carried a bearer token`);
		assert.notEqual(call.status, 401);
	}
	// n8n saved the token in the credential after the first run; the second run reused it.
	assert.equal(after.accessTokensIssued - before.accessTokensIssued, 1, 'one token for both runs');
	assert.equal(new Set(apiCalls.map((call) => call.headers.authorization)).size, 1);

	// The saved token is revoked: the next run is refused once, fetches one new token, and succeeds.
	await sim.revokeTokens();
	const revokedAt = (await sim.state()).counts.requests;
	const { data } = await executeWorkflow(workflow.id, 'after revocation');
	assert.equal(nodeOutput(data, 'Get Session')[0].tag, 'e2e-oauth');
	const lines = (await sim.requests()).slice(revokedAt).map((r) => `${r.method} ${r.path.startsWith('/v1/') ? 'api' : r.path} ${r.status}`);
	assert.deepEqual(lines, ['POST api 401', 'POST /api/v1/oauth2/token 200', 'POST api 200', 'GET api 200']);
	assert.equal((await sim.state()).accessTokensIssued - after.accessTokensIssued, 1, 'one new token after the revocation');
});
