'use strict';
// Node versions in the real app. (a) A workflow saved with node version 1 (test/fixtures/
// workflow-v1.json: Resource, Operation and Authentication left at version 1's defaults, so not
// stored) sends the same requests and outputs the same items as on main before version 2
// (workflow-v1.expected.json, which the engine test compares with too). (e) A version 2 node left
// at its defaults opens on Endpoint (BRTC) / Create and asks for the BRTC credential
// (docs/endpoint-panel.png with --update-docs); the phone-to-browser example on the canvas
// (docs/phone-to-browser.png).
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { test, before, after } = require('node:test');

const { brtcCredentialData, ctx, sim, ownerClient, executeWorkflow, nodeOutput } = require('../lib/context');
const { launchBrowser, signIn, openNodePanel } = require('../lib/browser');
const fixtures = require('../../stack/fixtures');
const v1 = require('../../fixtures/workflowV1');

const skipReason = ctx.browser.skip;
let rest;
let brtcCredential;
let browserContext;
let page;

before(async () => {
	rest = await ownerClient();
	brtcCredential = await rest.call('POST', '/rest/credentials', {
		name: 'Bandwidth BRTC (e2e versions)',
		type: 'bandwidthBrtcOAuth2Api',
		data: brtcCredentialData(),
	});
});

after(async () => {
	if (browserContext) await browserContext.close();
});

test('(a, versions) a workflow saved with node version 1 sends the same requests and outputs the same items', { timeout: 240_000 }, async () => {
	const file = v1.loadWorkflow();
	const nodes = file.nodes.map((node) =>
		node.credentials ? { ...node, credentials: { bandwidthWebRtcApi: { id: ctx.credential.id, name: ctx.credential.name } } } : node,
	);
	const workflow = await rest.call('POST', '/rest/workflows', { ...file, nodes, active: false });
	const offset = (await sim.requests()).length;
	const { data } = await executeWorkflow(workflow.id);
	const outputs = Object.fromEntries(v1.BANDWIDTH_NODES.map((name) => [name, nodeOutput(data, name)]));
	const requests = (await sim.requests()).slice(offset);
	assert.deepEqual(v1.normalize(requests, outputs), v1.loadExpected());
});

test('(e, versions) a new (version 2) node opens on Endpoint (BRTC) / Create with the BRTC credential', { timeout: 120_000, skip: skipReason }, async () => {
	({ browserContext, page } = await launchBrowser('chromium-profile-versions-'));
	await signIn(page);
	// What the editor saves for a node added and left at its defaults: no parameters, version 2.
	const workflow = await rest.call('POST', '/rest/workflows', {
		name: 'Bandwidth WebRTC version 2 (e2e)',
		active: false,
		settings: { executionOrder: 'v1' },
		connections: { Start: { main: [[{ node: 'Bandwidth WebRTC', type: 'main', index: 0 }]] } },
		nodes: [
			{ id: 'v2-ui-start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'v2-ui-node', name: 'Bandwidth WebRTC', type: fixtures.NODE_TYPE, typeVersion: 2, position: [240, 0], parameters: {} },
		],
	});
	const ndv = await openNodePanel(page, workflow.id, 'Bandwidth WebRTC');
	assert.equal(await ndv.locator('[data-test-id="parameter-input-resource"] input').first().inputValue(), 'Endpoint (BRTC)');
	assert.equal(await ndv.locator('[data-test-id="parameter-input-operation"] input').first().inputValue(), 'Create');
	assert.equal(await ndv.locator('[data-test-id="parameter-input-direction"] input').first().inputValue(), 'Bidirectional');
	const inputValues = await ndv.locator('input').evaluateAll((inputs) => inputs.map((i) => i.value));
	assert.ok(inputValues.includes(brtcCredential.name), `the BRTC credential is picked (inputs: ${JSON.stringify(inputValues)})`);
	// One Authentication field, BRTC's (its one value is "OAuth2 (Client Credentials)"); v1's is hidden.
	assert.equal(inputValues.filter((value) => value === 'OAuth2 (Client Credentials)').length, 1, JSON.stringify(inputValues));
	assert.ok(!inputValues.some((value) => value.startsWith('API User (Basic Auth')), `no v1 Authentication (inputs: ${JSON.stringify(inputValues)})`);
	const text = await ndv.innerText();
	assert.ok(!text.includes("WebRTC v1 is Bandwidth's legacy WebRTC product"), 'no legacy notice on BRTC');
	fs.mkdirSync(ctx.docsDir, { recursive: true });
	const file = path.join(ctx.docsDir, 'endpoint-panel.png');
	await page.screenshot({ path: file });
	assert.ok(fs.statSync(file).size > 10_000, 'screenshot written');

	// The Resource list: BRTC first, the WebRTC v1 resources after it, labelled legacy.
	await ndv.locator('[data-test-id="parameter-input-resource"]').first().click();
	const options = page.locator('.el-select-dropdown__item:visible, [role="option"]:visible');
	await options.first().waitFor({ state: 'visible' });
	const labels = (await options.allInnerTexts()).map((label) => label.split('\n')[0].trim()).filter(Boolean);
	assert.deepEqual(labels.slice(0, 4), ['Endpoint (BRTC)', 'Participant (Legacy)', 'Session (Legacy)', 'Subscription (Legacy)']);
	await page.keyboard.press('Escape');
});

test('(e, versions) the phone-to-browser example on the canvas (docs/phone-to-browser.png)', { timeout: 120_000, skip: skipReason }, async () => {
	const example = fixtures.exampleWorkflow('phone-to-browser', brtcCredential);
	const workflow = await rest.call('POST', '/rest/workflows', { ...example, active: false });
	await page.goto(`${ctx.n8n.baseUrl}/workflow/${workflow.id}`);
	for (const node of example.nodes) {
		await page.locator(`[data-test-id="canvas-node"][data-node-name="${node.name}"]`).waitFor({ state: 'visible' });
	}
	await page.waitForTimeout(500);
	const file = path.join(ctx.docsDir, 'phone-to-browser.png');
	await page.screenshot({ path: file });
	assert.ok(fs.statSync(file).size > 10_000, 'screenshot written');
});
