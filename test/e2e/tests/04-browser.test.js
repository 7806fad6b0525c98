'use strict';
// (e) The editor in a real browser: headless Debian Chromium driven by playwright-core logs in,
// opens the imported workflow, opens the Bandwidth WebRTC node's panel (double-click) and checks
// its fields; screenshots go to the run folder (docs/ with --update-docs).
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { test, before, after } = require('node:test');

const { ctx, sim, ownerClient, waitForExecutions } = require('../lib/context');
const { launchBrowser, signIn, openNodePanel } = require('../lib/browser');

const skipReason = ctx.browser.skip;
let browserContext;
let page;

before(async () => {
	if (skipReason) {
		process.stdout.write(`\n*** BROWSER CHECK SKIPPED: ${skipReason}\n\n`);
		return;
	}
	({ browserContext, page } = await launchBrowser('chromium-profile-'));
});

after(async () => {
	if (browserContext) await browserContext.close();
});

async function assertLabelsVisible(scope, labels) {
	for (const label of labels) {
		const locator = scope.getByText(label, { exact: true }).first();
		assert.ok(await locator.isVisible(), `"${label}" is visible in the node panel`);
	}
}

test('(e) browser: log in through the sign-in form', { timeout: 120_000, skip: skipReason }, async () => {
	await signIn(page);
	assert.ok(!new URL(page.url()).pathname.startsWith('/signin'), `still on ${page.url()}`);
});

test('(e) browser: the Bandwidth WebRTC node panel shows its fields (docs/node-panel.png)', { timeout: 120_000, skip: skipReason }, async () => {
	const ndv = await openNodePanel(page, ctx.workflows.session.id, 'Create Participant in Session');
	await assertLabelsVisible(ndv, ['Resource', 'Operation', 'Publish Permissions', 'Session ID', 'Subscribe to Session']);
	// The credential selector's label (its text differs between n8n lines; its test id does not).
	const credentialLabel = ndv.locator('[data-test-id="credentials-label"]').first();
	assert.ok(await credentialLabel.isVisible(), 'the credential selector is shown');
	// "Credential to connect with" on 2.8.4, "Credential" on 2.41.
	assert.match(await credentialLabel.innerText(), /^Credential\b/, 'the credential selector is labelled as one');
	// The stored values are shown: operation, permissions and the credential.
	assert.equal(await ndv.locator('[data-test-id="parameter-input-resource"] input').first().inputValue(), 'Participant');
	assert.equal(await ndv.locator('[data-test-id="parameter-input-operation"] input').first().inputValue(), 'Create in Session');
	await assertLabelsVisible(ndv.locator('[data-test-id="parameter-input-publishPermissions"]'), ['Audio', 'Video']);
	const inputValues = await ndv.locator('input').evaluateAll((inputs) => inputs.map((i) => i.value));
	assert.ok(inputValues.includes(ctx.credential.name), `the imported credential is selected (inputs: ${JSON.stringify(inputValues)})`);
	fs.mkdirSync(ctx.docsDir, { recursive: true });
	const file = path.join(ctx.docsDir, 'node-panel.png');
	await page.screenshot({ path: file });
	assert.ok(fs.statSync(file).size > 10_000, 'screenshot written');
	await page.keyboard.press('Escape');
});

test('(e) browser: "Execute workflow" in the editor runs the flow against the simulator (docs/workflow-run.png)', { timeout: 120_000, skip: skipReason }, async () => {
	const rest = await ownerClient();
	const { id } = ctx.workflows.session;
	const before = await sim.state();
	const manualBefore = (await waitForExecutions(rest, id, () => true)).filter((e) => e.mode === 'manual').length;
	await page.goto(`${ctx.n8n.baseUrl}/workflow/${id}`);
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ state: 'visible' });
	await page.locator('[data-test-id="execute-workflow-button"]').first().click();
	const executions = await waitForExecutions(
		rest,
		id,
		(list) => list.filter((e) => e.mode === 'manual' && e.status !== 'running' && e.status !== 'new').length > manualBefore,
		{ timeoutMs: 60_000 },
	);
	const manual = executions.filter((e) => e.mode === 'manual');
	assert.equal(manual.length, manualBefore + 1, `a manual execution was stored: ${JSON.stringify(executions.map((e) => [e.id, e.mode, e.status]))}`);
	assert.equal(manual[0].status, 'success');
	const after = await sim.state();
	assert.equal(after.counts.sessions, before.counts.sessions + 1, 'one more session in the simulator');
	assert.equal(after.counts.participants, before.counts.participants + 1, 'one more participant in the simulator');
	// The canvas shows the items that went through (one per connection).
	await page.getByText('1 item').first().waitFor({ state: 'visible' });
	await page.waitForTimeout(500);
	await page.screenshot({ path: path.join(ctx.docsDir, 'workflow-run.png') });
});

test('(e) browser: the Bandwidth WebRTC Trigger panel shows Authentication, its credential and Events (docs/trigger-panel.png)', { timeout: 120_000, skip: skipReason }, async () => {
	const ndv = await openNodePanel(page, ctx.workflows.trigger.id, ctx.workflows.trigger.nodeName);
	const file = path.join(ctx.docsDir, 'trigger-panel.png');
	await page.screenshot({ path: file });
	assert.ok(fs.statSync(file).size > 10_000, 'screenshot written');
	// With a single credential type, n8n labels the selector after it.
	await assertLabelsVisible(ndv, ['Authentication', 'Credential for Bandwidth WebRTC Callback API', 'Events']);
	// The setup notice is shown in full (a notice is HTML: angle brackets would vanish).
	const notice = await ndv.getByText('Bandwidth WebRTC Callback API" credential', { exact: false }).first().innerText();
	assert.match(notice, /Production URL with "\?secret=" and that secret appended/, notice);
	const inputValues = await ndv.locator('input').evaluateAll((inputs) => inputs.map((input) => input.value));
	assert.ok(inputValues.includes('Callback Secret'), `Authentication is Callback Secret (inputs: ${JSON.stringify(inputValues)})`);
	assert.ok(inputValues.includes(ctx.workflows.trigger.callbackCredential.name), `the callback credential is selected (inputs: ${JSON.stringify(inputValues)})`);
	assert.ok(!inputValues.some((value) => value.includes(ctx.workflows.trigger.secret)), 'the panel shows no secret');
	await assertLabelsVisible(ndv, ['Participant Connected', 'Participant Left']);
});
