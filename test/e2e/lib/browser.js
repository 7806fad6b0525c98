'use strict';
// Headless Debian Chromium driven by playwright-core (the e2e app's copy), for the editor checks:
// start it with a fresh profile in the run folder, sign in as the owner, open a node's panel.
const fs = require('fs');
const path = require('path');

const { ctx } = require('./context');

// Without the background-networking flags Chromium keeps opening connections that this
// machine's closed network refuses.
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

/** Starts Chromium with a new profile folder (`<prefix>…` in the run folder); resolves {browserContext, page}. */
async function launchBrowser(profilePrefix) {
	const { chromium } = require(path.join(ctx.n8n.e2eModules, 'playwright-core'));
	const userDataDir = fs.mkdtempSync(path.join(ctx.runDir, profilePrefix));
	const browserContext = await chromium.launchPersistentContext(userDataDir, {
		executablePath: ctx.browser.executablePath,
		headless: true,
		args: CHROMIUM_ARGS,
		viewport: { width: 1440, height: 900 },
		timeout: 60_000,
	});
	const page = browserContext.pages()[0] ?? (await browserContext.newPage());
	page.setDefaultTimeout(30_000);
	return { browserContext, page };
}

/** Signs in through the sign-in form as the instance owner; resolves once the page left /signin. */
async function signIn(page) {
	await page.goto(`${ctx.n8n.baseUrl}/signin`);
	await page.locator('input[name="emailOrLdapLoginId"]').fill(ctx.owner.email);
	await page.locator('input[name="password"]').fill(ctx.owner.password);
	await page.locator('[data-test-id="form-submit-button"]').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
}

/** Opens a workflow in the editor and a node's panel (double-click); resolves the panel's locator. */
async function openNodePanel(page, workflowId, nodeName) {
	await page.goto(`${ctx.n8n.baseUrl}/workflow/${workflowId}`);
	const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`);
	await node.waitFor({ state: 'visible' });
	await node.dblclick();
	const ndv = page.locator('[data-test-id="ndv"]');
	await ndv.waitFor({ state: 'visible' });
	// Let the parameter list settle before looking at it.
	await page.locator('[data-test-id="node-parameters"]').first().waitFor({ state: 'visible' });
	await page.waitForTimeout(500);
	return ndv;
}

module.exports = { launchBrowser, signIn, openNodePanel };
