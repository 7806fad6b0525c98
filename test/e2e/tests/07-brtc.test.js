'use strict';
// (f, BRTC) Bandwidth's current WebRTC product in the real app: the Bandwidth BRTC OAuth2 API
// credential's Test (saved, then tested, as the editor does), Endpoint → Create / Get Many /
// Delete run with `n8n execute`, and a BRTC webhook from the simulator starting an active
// Bandwidth WebRTC Trigger (Callback Secret) whose URL the Create node gave Bandwidth.
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { test, before } = require('node:test');

const { activateWorkflow, brtcCredentialData, ctx, request, sim, ownerClient, executeWorkflow, nodeOutput, waitForExecutions, getExecution } = require('../lib/context');

const NODE = 'n8n-nodes-bandwidth-webrtc.bandwidthWebRtc';
const TRIGGER = 'n8n-nodes-bandwidth-webrtc.bandwidthWebRtcTrigger';
const brtcBaseUrl = `${ctx.sim.url}/v2`;
const endpointsPath = `/v2/accounts/${ctx.sim.accountId}/endpoints`;
const callbackSecret = `E2eBrtcCb-${crypto.randomBytes(9).toString('base64url')}`;

let rest;
let brtcCredential;
let callbackCredential;
let triggerWorkflow;
let productionUrl;
let endpoint;

async function execute(workflow) {
	return (await executeWorkflow(workflow.id, workflow.name)).data;
}

function manualWorkflow(name, steps) {
	const names = ['Start', ...steps.map((s) => s.name)];
	const connections = {};
	for (let i = 0; i < names.length - 1; i++) connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	return {
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		connections,
		nodes: [
			{ id: `${name}-start`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			...steps.map((step, index) => ({
				id: `${name}-${index}`,
				name: step.name,
				type: NODE,
				typeVersion: 1,
				position: [200 * (index + 1), 0],
				parameters: { resource: 'endpoint', ...step.parameters },
				...(step.executeOnce && { executeOnce: true }),
				credentials: {
					bandwidthBrtcOAuth2Api: { id: brtcCredential.id, name: brtcCredential.name },
					...(step.callback && { bandwidthWebRtcCallbackApi: { id: callbackCredential.id, name: callbackCredential.name } }),
				},
			})),
		],
	};
}

before(async () => {
	rest = await ownerClient();
});

test('(b, BRTC) credential test: the right client lists at most one endpoint and passes; a wrong secret fails', async () => {
	const name = `Bandwidth BRTC (e2e ${Date.now()})`;
	brtcCredential = await rest.call('POST', '/rest/credentials', { name, type: 'bandwidthBrtcOAuth2Api', data: brtcCredentialData() });
	assert.ok(brtcCredential && brtcCredential.id, JSON.stringify(brtcCredential));
	const offset = (await sim.requests()).length;
	const ok = await rest.call('POST', '/rest/credentials/test', {
		credentials: { id: brtcCredential.id, name, type: 'bandwidthBrtcOAuth2Api', data: brtcCredentialData() },
	});
	assert.equal(ok.status, 'OK', JSON.stringify(ok));
	const lines = (await sim.requests()).slice(offset).map((r) => `${r.method} ${r.path} ${r.status}`);
	assert.deepEqual(lines, ['POST /api/v1/oauth2/token 200', `GET ${endpointsPath}?limit=1 200`]);

	const wrongName = `Bandwidth BRTC wrong (e2e ${Date.now()})`;
	const wrong = 'Wrong-Brtc-Secret-e2e';
	const saved = await rest.call('POST', '/rest/credentials', { name: wrongName, type: 'bandwidthBrtcOAuth2Api', data: brtcCredentialData({ clientSecret: wrong }) });
	try {
		const result = await rest.call('POST', '/rest/credentials/test', {
			credentials: { id: saved.id, name: wrongName, type: 'bandwidthBrtcOAuth2Api', data: brtcCredentialData({ clientSecret: wrong }) },
		});
		assert.equal(result.status, 'Error');
		assert.match(result.message, /client ID or secret/i);
		assert.ok(!JSON.stringify(result).includes(wrong) && !JSON.stringify(result).includes(ctx.sim.clientSecret));
	} finally {
		await rest.call('DELETE', `/rest/credentials/${saved.id}`);
	}
});

test('(c, BRTC) a trigger for endpoint events activates with a callback secret', async () => {
	callbackCredential = await rest.call('POST', '/rest/credentials', {
		name: 'Bandwidth BRTC callback secret (e2e)',
		type: 'bandwidthWebRtcCallbackApi',
		data: { secret: callbackSecret },
	});
	const webhookId = crypto.randomUUID();
	triggerWorkflow = await rest.call('POST', '/rest/workflows', {
		name: 'Bandwidth BRTC events (e2e)',
		active: false,
		settings: { executionOrder: 'v1' },
		connections: { 'Endpoint Event': { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
		nodes: [
			{
				id: 'brtc-trigger',
				name: 'Endpoint Event',
				type: TRIGGER,
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: { authentication: 'callbackSecret', events: ['endpointConnected', 'endpointDisconnected'] },
				credentials: { bandwidthWebRtcCallbackApi: { id: callbackCredential.id, name: callbackCredential.name } },
			},
			{ id: 'brtc-done', name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [240, 0], parameters: {} },
		],
	});
	const activated = await activateWorkflow(rest, triggerWorkflow.id, triggerWorkflow.versionId);
	assert.equal(activated.active, true);
	productionUrl = `${ctx.n8n.baseUrl.replace(/\/+$/, '')}/webhook/${webhookId}/webhook`;
	const refused = await request('POST', productionUrl, { body: { endpointId: 'e-x', event: 'endpointConnected', timestamp: Date.now() } });
	assert.equal(refused.status, 401, `${refused.status} ${refused.text}`);
});

test('(a, BRTC) Create Endpoint → Get Many with n8n execute: the token at the top level, the secret only in what Bandwidth got', { timeout: 240_000 }, async () => {
	const workflow = await rest.call(
		'POST',
		'/rest/workflows',
		manualWorkflow('Bandwidth BRTC endpoints (e2e)', [
			{
				name: 'Create Endpoint',
				callback: true,
				parameters: {
					operation: 'create',
					direction: 'BIDIRECTIONAL',
					callbackAuthentication: 'callbackSecret',
					additionalFields: { eventCallbackUrl: productionUrl, tag: 'n8n-e2e-brtc' },
					options: { includeTokenExpiry: true, includeConnectBxml: true },
				},
			},
			{ name: 'List Endpoints', executeOnce: true, parameters: { operation: 'getAll', returnAll: true, filters: { type: 'WEBRTC' } } },
		]),
	);
	const offset = (await sim.requests()).length;
	const data = await execute(workflow);
	[endpoint] = nodeOutput(data, 'Create Endpoint');
	assert.match(endpoint.endpointId, /^e-/);
	assert.equal(endpoint.token.split('.').length, 3, 'a JWT at the top level');
	assert.equal(endpoint.tag, 'n8n-e2e-brtc');
	assert.equal(typeof endpoint.tokenExpiresAt, 'string');
	assert.match(endpoint.connectBxml, new RegExp(`<Connect><Endpoint>${endpoint.endpointId}</Endpoint></Connect>`));
	assert.equal(endpoint.links, undefined, 'the envelope is unwrapped');
	const listed = nodeOutput(data, 'List Endpoints').map((e) => e.endpointId);
	assert.ok(listed.includes(endpoint.endpointId), JSON.stringify(listed));

	const requests = (await sim.requests()).slice(offset);
	const post = requests.find((r) => r.method === 'POST' && r.path === endpointsPath);
	assert.ok(post, JSON.stringify(requests.map((r) => `${r.method} ${r.path}`)));
	assert.match(String(post.headers.authorization), /^Bearer /);
	assert.equal(new URL(post.json.eventCallbackUrl).searchParams.get('secret'), callbackSecret, 'Bandwidth got the secret from the credential');
	assert.ok(!JSON.stringify(data).includes(callbackSecret), 'the execution data does not hold the secret');
});

test('(c, BRTC) the simulator\'s endpointConnected webhook starts the trigger', { timeout: 60_000 }, async () => {
	const res = await request('POST', `${ctx.sim.url}/__sim/brtc/endpoints/${encodeURIComponent(endpoint.endpointId)}/events`, {
		body: { event: 'endpointConnected' },
	});
	assert.equal(res.status, 200, res.text);
	assert.equal(res.json.delivered, true, JSON.stringify(res.json.attempts));
	assert.equal(res.json.attempts[0].status, 200);
	const executions = await waitForExecutions(rest, triggerWorkflow.id, (list) => list.length >= 1 && list.every((x) => x.status === 'success'));
	assert.equal(executions.length, 1);
	const execution = await getExecution(rest, executions[0].id);
	const [item] = nodeOutput(execution.data, 'Endpoint Event');
	assert.equal(item.event, 'endpointConnected');
	assert.equal(item.endpointId, endpoint.endpointId);
	assert.equal(item.tags, 'n8n-e2e-brtc');
	assert.equal(typeof item.timestamp, 'number');
});

test('(a, BRTC) Delete Endpoint with n8n execute', { timeout: 240_000 }, async () => {
	const workflow = await rest.call(
		'POST',
		'/rest/workflows',
		manualWorkflow('Bandwidth BRTC delete (e2e)', [{ name: 'Delete Endpoint', parameters: { operation: 'delete', endpointId: endpoint.endpointId } }]),
	);
	const data = await execute(workflow);
	assert.deepEqual(nodeOutput(data, 'Delete Endpoint'), [{ success: true, endpointId: endpoint.endpointId }]);
	const requests = await sim.requests();
	const last = requests.filter((r) => r.method === 'DELETE').pop();
	assert.equal(`${last.path} ${last.status}`, `${endpointsPath}/${endpoint.endpointId} 204`);
});
