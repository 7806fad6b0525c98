'use strict';
// The node's tools exposed to outside clients: an active MCP Server Trigger (Bearer auth) with the
// two Bandwidth WebRTC Tools of examples/agent.json attached, driven by the official MCP client
// (@modelcontextprotocol/sdk, pinned in test/e2e/package.json) over streamable HTTP, as Claude
// Desktop, Cursor or any MCP client would.
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { test, before, after } = require('node:test');

const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { StreamableHTTPClientTransport } = require('@modelcontextprotocol/sdk/client/streamableHttp.js');

const { activateWorkflow, brtcCredentialData, ctx, sim, ownerClient } = require('../lib/context');
const { agentWorkflow } = require('../../stack/agentWorkflow');

const endpointsPath = `/v2/accounts/${ctx.sim.accountId}/endpoints`;
const bearer = `E2eMcp-${crypto.randomBytes(12).toString('base64url')}`;
const mcpPath = `bandwidth-e2e-${crypto.randomBytes(4).toString('hex')}`;
const mcpUrl = new URL(`${ctx.n8n.baseUrl}/mcp/${mcpPath}`);

let rest;
const created = [];

async function save(kind, body) {
	const saved = await rest.call('POST', `/rest/${kind}`, body);
	assert.ok(saved && saved.id, JSON.stringify(saved));
	created.push([kind, saved.id]);
	return saved;
}

/** A connected MCP client; `token` goes into the Authorization header of every request. */
async function connect(token) {
	const client = new Client({ name: 'n8n-nodes-bandwidth-webrtc-e2e', version: '1.0.0' });
	const transport = new StreamableHTTPClientTransport(mcpUrl, { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
	await client.connect(transport);
	return client;
}

before(async () => {
	rest = await ownerClient();
	const brtcCred = await save('credentials', {
		name: `Bandwidth BRTC (MCP e2e ${Date.now()})`,
		type: 'bandwidthBrtcOAuth2Api',
		data: brtcCredentialData(),
	});
	const bearerCred = await save('credentials', { name: `MCP bearer (e2e ${Date.now()})`, type: 'httpBearerAuth', data: { token: bearer } });
	// The example's tool nodes as shipped (its credentials swapped), on an MCP Server Trigger instead of the agent.
	const example = agentWorkflow({ id: undefined, openAiCred: { id: 'unused', name: 'unused' }, brtcCred });
	const tools = example.nodes.filter((node) => node.type === 'n8n-nodes-bandwidth-webrtc.bandwidthWebRtcTool');
	assert.deepEqual(tools.map((t) => t.name), ['Create call link', 'Check call link']);
	const trigger = {
		id: 'a9e1c7d0-0000-4000-8000-0000000000a1',
		name: 'MCP Server Trigger',
		type: '@n8n/n8n-nodes-langchain.mcpTrigger',
		typeVersion: 2,
		position: [0, 0],
		webhookId: crypto.randomUUID(),
		parameters: { authentication: 'bearerAuth', path: mcpPath },
		credentials: { httpBearerAuth: { id: bearerCred.id, name: bearerCred.name } },
	};
	const workflow = await save('workflows', {
		name: `Bandwidth WebRTC tools over MCP (e2e ${Date.now()})`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [trigger, ...tools],
		connections: Object.fromEntries(tools.map((t) => [t.name, { ai_tool: [[{ node: trigger.name, type: 'ai_tool', index: 0 }]] }])),
	});
	await activateWorkflow(rest, workflow.id, workflow.versionId);
});

after(async () => {
	for (const [kind, id] of created.reverse()) {
		if (kind === 'workflows') await rest.call('POST', `/rest/workflows/${id}/deactivate`, {}).catch(() => {});
		await rest.call('DELETE', `/rest/${kind}/${id}`).catch(() => {});
	}
});

test('(mcp) tools/list shows each tool\'s name, description and input schema', { timeout: 60_000 }, async () => {
	const client = await connect(bearer);
	try {
		const { tools } = await client.listTools();
		const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
		assert.deepEqual(Object.keys(byName).sort(), ['Check_call_link', 'Create_call_link']);
		const create = byName.Create_call_link;
		assert.equal(create.description, 'Create a BRTC endpoint and return its ID, device token and expiry in Bandwidth WebRTC');
		assert.deepEqual(create.inputSchema.properties, {
			tag: { type: 'string', description: 'A label for this call, for example the ticket number; at most 1024 characters' },
		});
		assert.deepEqual(create.inputSchema.required, ['tag']);
		assert.equal(byName.Check_call_link.description, 'Get a BRTC endpoint with its status and expiry and devices in Bandwidth WebRTC');
	} finally {
		await client.close();
	}
});

test('(mcp) tools/call creates an endpoint in the simulator with the client\'s tag, and a 404 comes back with what to do', { timeout: 90_000 }, async () => {
	const client = await connect(bearer);
	try {
		const offset = (await sim.requests()).length;
		const result = await client.callTool({ name: 'Create_call_link', arguments: { tag: 'mcp-ticket-1' } });
		assert.notEqual(result.isError, true, JSON.stringify(result));
		const posts = (await sim.requests()).slice(offset).filter((r) => r.method === 'POST' && r.path === endpointsPath);
		assert.equal(posts.length, 1);
		assert.equal(posts[0].json.tag, 'mcp-ticket-1');
		assert.equal(posts[0].status, 201);
		const [endpoint] = JSON.parse(result.content[0].text);
		assert.match(endpoint.endpointId, /^e-/);
		assert.equal(endpoint.tag, 'mcp-ticket-1');
		assert.ok(!result.content[0].text.includes(ctx.sim.clientSecret));

		const missing = await client.callTool({ name: 'Check_call_link', arguments: { endpointId: 'e-mcp-gone' } });
		assert.equal(missing.isError, true, JSON.stringify(missing));
		assert.match(
			missing.content[0].text,
			/Bandwidth answered 404 Not Found: .*\. The endpoint does not exist: it was deleted, or it expired \(endpoints live 24 hours\)\. Check the Endpoint ID, or create a new endpoint\./,
		);
	} finally {
		await client.close();
	}
});

test('(mcp) a wrong bearer token is refused and runs nothing', { timeout: 60_000 }, async () => {
	const offset = (await sim.requests()).length;
	await assert.rejects(connect(`${bearer}-wrong`), (error) => {
		// The SDK's StreamableHTTPError carries the HTTP status in `code`.
		assert.ok([401, 403].includes(error?.code), `refused with 401/403, got ${error?.code}: ${error?.message}`);
		assert.match(error.message, /Authorization data is wrong/);
		return true;
	});
	// The right token still connects: the refusal was about the token, not the endpoint.
	const client = await connect(bearer);
	await client.close();
	assert.deepEqual((await sim.requests()).slice(offset), []);
});
