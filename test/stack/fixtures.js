'use strict';
// Credentials and workflows imported into n8n by `npm run dev`, `npm run test:e2e` and queue mode, in the
// shape `n8n import:credentials` / `n8n import:workflow` read.
const fs = require('fs');
const path = require('path');

const NODE_TYPE = 'n8n-nodes-bandwidth-webrtc.bandwidthWebRtc';
const TRIGGER_TYPE = 'n8n-nodes-bandwidth-webrtc.bandwidthWebRtcTrigger';

/** A `bandwidthWebRtcApi` credential; `data` is plain, the import encrypts it. */
function credential({ id, name, accountId, username, password, baseUrl }) {
	return {
		id,
		name,
		type: 'bandwidthWebRtcApi',
		data: { accountId, username, password, baseUrl },
	};
}

const credRef = (cred) => ({ bandwidthWebRtcApi: { id: cred.id, name: cred.name } });

/**
 * A `bandwidthWebRtcCallbackApi` credential: the secret the trigger expects on callbacks
 * (`?secret=` or `X-Webhook-Secret`). Plain here; the import encrypts it.
 */
function callbackCredential({ id, name, secret }) {
	return { id, name, type: 'bandwidthWebRtcCallbackApi', data: { secret } };
}

/** An inactive workflow whose nodes run one after another, in the order given. */
function linearWorkflow(id, name, nodes) {
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { id, name, active: false, settings: { executionOrder: 'v1' }, pinData: {}, connections, nodes };
}

/**
 * Manual Trigger -> Session: Create -> Participant: Create in Session -> Session: Get Participants.
 * `callbackUrl` (optional) is given to the participant; with `callbackCred` (a `callbackCredential`)
 * the node adds that credential's secret to it when sending, so the workflow never holds it.
 */
function sessionWorkflow({ id, name, cred, sessionTag = 'n8n-e2e-session', participantTag = 'n8n-e2e-participant', callbackUrl, callbackCred }) {
	const names = ['When clicking ‘Execute workflow’', 'Create Session', 'Create Participant in Session', 'Get Session Participants'];
	return linearWorkflow(id, name, [
		{
			id: '2f1d6a0e-0000-4000-8000-000000000001',
			name: names[0],
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: '2f1d6a0e-0000-4000-8000-000000000002',
			name: names[1],
			type: NODE_TYPE,
			typeVersion: 1,
			position: [240, 0],
			parameters: {
				resource: 'session',
				operation: 'create',
				additionalFields: { tag: sessionTag },
			},
			credentials: credRef(cred),
		},
		{
			id: '2f1d6a0e-0000-4000-8000-000000000003',
			name: names[2],
			type: NODE_TYPE,
			typeVersion: 1,
			position: [480, 0],
			parameters: {
				resource: 'participant',
				operation: 'createInSession',
				sessionId: '={{ $json.id }}',
				publishPermissions: ['AUDIO', 'VIDEO'],
				...(callbackCred && { callbackAuthentication: 'callbackSecret' }),
				additionalFields: {
					tag: participantTag,
					...(callbackUrl && { callbackUrl }),
				},
			},
			credentials: {
				...credRef(cred),
				...(callbackCred && { bandwidthWebRtcCallbackApi: { id: callbackCred.id, name: callbackCred.name } }),
			},
		},
		{
			id: '2f1d6a0e-0000-4000-8000-000000000004',
			name: names[3],
			type: NODE_TYPE,
			typeVersion: 1,
			position: [720, 0],
			parameters: {
				resource: 'session',
				operation: 'getParticipants',
				sessionId: '={{ $json.session.id }}',
			},
			credentials: credRef(cred),
		},
	]);
}

/**
 * Bandwidth WebRTC Trigger -> No Operation. With `callbackCred` (a `callbackCredential`) the
 * trigger accepts only callbacks carrying its secret; the workflow holds only a reference to it.
 */
function triggerWorkflow({ id, name, webhookId, events = ['onConnect', 'onLeave', 'onDisconnect'], callbackCred }) {
	const names = ['Bandwidth WebRTC Trigger', 'Participant Event'];
	return linearWorkflow(id, name, [
		{
			id: '3a7c9b1e-0000-4000-8000-000000000001',
			name: names[0],
			type: TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			webhookId,
			parameters: { authentication: callbackCred ? 'callbackSecret' : 'none', events },
			...(callbackCred && { credentials: { bandwidthWebRtcCallbackApi: { id: callbackCred.id, name: callbackCred.name } } }),
		},
		{
			id: '3a7c9b1e-0000-4000-8000-000000000002',
			name: names[1],
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [240, 0],
			parameters: {},
		},
	]);
}

/** A `bandwidthBrtcOAuth2Api` credential (OAuth2 client credentials); n8n fills the token fields. */
function brtcCredential({ id, name, accountId, clientId, clientSecret, baseUrl, tokenUrl }) {
	return {
		id,
		name,
		type: 'bandwidthBrtcOAuth2Api',
		data: { accountId, clientId, clientSecret, baseUrl, tokenUrl, accessToken: '', expiresAt: 0 },
	};
}

/** Manual Trigger -> Endpoint: Create (WebRTC, bidirectional) -> Endpoint: Get Many, on BRTC. */
function endpointWorkflow({ id, name, cred, tag = 'n8n-dev-endpoint' }) {
	const names = ['When clicking ‘Execute workflow’', 'Create Endpoint', 'List Endpoints'];
	const brtcNode = (index, nodeName, parameters, settings = {}) => ({
		id: `4c2e8a1f-0000-4000-8000-00000000000${index}`,
		name: nodeName,
		type: NODE_TYPE,
		typeVersion: 1,
		position: [240 * index, 0],
		parameters: { resource: 'endpoint', ...parameters },
		credentials: { bandwidthBrtcOAuth2Api: { id: cred.id, name: cred.name } },
		...settings,
	});
	return linearWorkflow(id, name, [
		{ id: '4c2e8a1f-0000-4000-8000-000000000000', name: names[0], type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		brtcNode(1, names[1], { operation: 'create', type: 'WEBRTC', direction: 'BIDIRECTIONAL', additionalFields: { tag } }),
		brtcNode(2, names[2], { operation: 'getAll', returnAll: true }, { executeOnce: true }),
	]);
}

/** examples/: the workflows users import with n8n's "Import from File". */
const EXAMPLES_DIR = path.join(__dirname, '..', '..', 'examples');

/** The example files' names without `.json`, sorted. */
/**
 * The examples that need only a BRTC credential (exampleWorkflow below). examples/agent.json also
 * needs a model's credential: test/stack/agentWorkflow.js imports it.
 */
function exampleNames() {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json') && f !== 'agent.json')
		.map((f) => f.slice(0, -5))
		.sort();
}

/**
 * An example as shipped, with `cred` (a `brtcCredential`) picked in every Bandwidth node that asks
 * for one, as a user does after importing it. Connect a Call (BXML) asks for none.
 */
function exampleWorkflow(name, cred) {
	const file = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${name}.json`), 'utf8'));
	const nodes = file.nodes.map((node) =>
		node.type === NODE_TYPE && node.parameters.operation !== 'connectCall'
			? { ...node, credentials: { ...node.credentials, bandwidthBrtcOAuth2Api: { id: cred.id, name: cred.name } } }
			: node,
	);
	return { ...file, nodes };
}

/** A trigger node's production URL in n8n: `<base>/webhook/<webhookId>/<path>`. */
const productionWebhookUrl = (n8nBaseUrl, webhookId, path = 'webhook') => `${n8nBaseUrl.replace(/\/+$/, '')}/webhook/${webhookId}/${path}`;

module.exports = {
	NODE_TYPE,
	TRIGGER_TYPE,
	linearWorkflow,
	credential,
	callbackCredential,
	brtcCredential,
	sessionWorkflow,
	triggerWorkflow,
	endpointWorkflow,
	exampleNames,
	exampleWorkflow,
	productionWebhookUrl,
};
