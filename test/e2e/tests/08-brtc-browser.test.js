'use strict';
// (e, BRTC) The editor in a real browser with resource Endpoint (BRTC): the panel keeps Resource
// and Operation (n8n's editor hides parameters named in an auth field's `show`), shows the
// endpoint fields, asks only for the Bandwidth BRTC OAuth2 API credential, and hides the v1
// Authentication field. Screenshot: endpoint-panel.png in the run folder.
const assert = require('node:assert/strict');
const path = require('path');
const { test, before, after } = require('node:test');

const { brtcCredentialData, ctx, ownerClient } = require('../lib/context');
const { launchBrowser, signIn, openNodePanel } = require('../lib/browser');

const skipReason = ctx.browser.skip;
let browserContext;
let page;
let workflow;
let credential;

before(async () => {
	if (skipReason) {
		process.stdout.write(`\n*** BROWSER CHECK SKIPPED: ${skipReason}\n\n`);
		return;
	}
	const rest = await ownerClient();
	credential = await rest.call('POST', '/rest/credentials', {
		name: 'Bandwidth BRTC (e2e browser)',
		type: 'bandwidthBrtcOAuth2Api',
		data: brtcCredentialData(),
	});
	workflow = await rest.call('POST', '/rest/workflows', {
		name: 'Bandwidth BRTC panel (e2e)',
		active: false,
		settings: { executionOrder: 'v1' },
		connections: { Start: { main: [[{ node: 'Create Endpoint', type: 'main', index: 0 }]] } },
		nodes: [
			{ id: 'brtc-ui-start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'brtc-ui-create',
				name: 'Create Endpoint',
				type: 'n8n-nodes-bandwidth-webrtc.bandwidthWebRtc',
				typeVersion: 1,
				position: [240, 0],
				parameters: { resource: 'endpoint', operation: 'create', direction: 'BIDIRECTIONAL' },
				credentials: { bandwidthBrtcOAuth2Api: { id: credential.id, name: credential.name } },
			},
		],
	});
	({ browserContext, page } = await launchBrowser('chromium-profile-brtc-'));
	await signIn(page);
});

after(async () => {
	if (browserContext) await browserContext.close();
});

test('(e, BRTC) the Endpoint panel shows Resource, Operation, its fields and only the BRTC credential', { timeout: 120_000, skip: skipReason }, async () => {
	const ndv = await openNodePanel(page, workflow.id, 'Create Endpoint');
	await page.screenshot({ path: path.join(ctx.runDir, 'endpoint-panel.png') });

	for (const label of ['Resource', 'Operation', 'Type', 'Direction', 'Callback Authentication']) {
		assert.ok(await ndv.getByText(label, { exact: true }).first().isVisible(), `"${label}" is visible in the node panel`);
	}
	assert.equal(await ndv.locator('[data-test-id="parameter-input-resource"] input').first().inputValue(), 'Endpoint (BRTC)');
	assert.equal(await ndv.locator('[data-test-id="parameter-input-operation"] input').first().inputValue(), 'Create');
	assert.equal(await ndv.locator('[data-test-id="parameter-input-direction"] input').first().inputValue(), 'Bidirectional');
	const inputValues = await ndv.locator('input').evaluateAll((inputs) => inputs.map((i) => i.value));
	assert.ok(inputValues.includes(credential.name), `the BRTC credential is selected (inputs: ${JSON.stringify(inputValues)})`);
	assert.ok(!inputValues.includes('API User (Basic Auth)'), `the v1 Authentication field is hidden (inputs: ${JSON.stringify(inputValues)})`);
	const text = await ndv.innerText();
	assert.ok(!/Bandwidth WebRTC API\b(?! )/.test(text) || text.includes('Bandwidth BRTC OAuth2 API') || text.includes(credential.name), text.slice(0, 2000));
	assert.ok(!text.includes('WebRTC v1 is Bandwidth\'s legacy WebRTC product'), 'the v1 notice is hidden for Endpoint');
});
