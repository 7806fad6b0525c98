'use strict';
// What test/e2e/run.js started, for the test files (they run in their own processes under
// `node --test`): the n8n instance, the simulator, the ids it imported, and helpers.
const assert = require('node:assert/strict');
const fs = require('fs');

const { RestClient, requestJson } = require('../../stack/http');
const { simulatorControl } = require('../../stack/simulator');
const { n8nApp, login } = require('../../stack/n8n');
const { describeLine } = require('../lines');

function loadContext() {
	const file = process.env.E2E_CONTEXT;
	if (!file || !fs.existsSync(file)) {
		throw new Error('E2E_CONTEXT is not set: run these tests with `npm run test:e2e` (test/e2e/run.js), which starts n8n and the simulator');
	}
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

const ctx = loadContext();
// The test files run in processes of their own: n8nCli (`n8n execute`, imports) must run the same
// n8n line, on the same Node.js, as the server that run.js started, not the default line.
const app = n8nApp(describeLine(ctx.n8n.line));

/** A REST client logged in as the instance owner. */
async function ownerClient() {
	const rest = new RestClient(ctx.n8n.baseUrl);
	await login(rest, ctx.owner);
	return rest;
}

/** JSON request to any URL (simulator API, webhooks); resolves {status, text, json, headers}. */
function request(method, url, { body, headers = {}, auth, timeoutMs = 15_000 } = {}) {
	return requestJson(method, url, { body, headers, auth, timeoutMs });
}

const control = simulatorControl(ctx.sim.url);
const sim = {
	state: control.state,
	requests: control.requests,
	revokeTokens: control.revokeTokens,
	/** Calls the simulated Bandwidth API with the right Basic credentials. */
	api: (method, apiPath, body) =>
		request(method, `${ctx.sim.baseUrl}/accounts/${encodeURIComponent(ctx.sim.accountId)}${apiPath}`, {
			body,
			auth: `${ctx.sim.username}:${ctx.sim.password}`,
		}),
	/** Makes the simulator POST a Bandwidth-shaped callback; the whole answer, which the checks read. */
	sendEvent: (participantId, event, extra = {}) =>
		request('POST', `${ctx.sim.url}/__sim/participants/${encodeURIComponent(participantId)}/events`, { body: { event, ...extra } }),
};

/** Runs `n8n <args>` against the test instance (its own task-broker port). */
function n8nCli(cliArgs, opts = {}) {
	return app.cli(ctx.cliEnv, cliArgs, { logFile: ctx.logs.cli, ...opts });
}

/** The executions of a workflow (newest first), as the executions list answers them. */
const listExecutions = (rest, workflowId) => app.listExecutions(rest, workflowId);

/** Polls until `predicate(executions)` holds or the time is up; returns the last list. */
const waitForExecutions = (rest, workflowId, predicate, options) => app.waitForExecutions(rest, workflowId, predicate, options);

/** One execution with its data parsed: `{...execution, data: IRunExecutionData}`. */
const getExecution = (rest, id) => app.getExecution(rest, id);

/** Parses the JSON document that `n8n execute --rawOutput` prints (log lines may come before it). */
function parseRawOutput(stdout) {
	const start = stdout.search(/^\{/m);
	if (start < 0) throw new Error(`No JSON in n8n execute output:\n${stdout.slice(-2000)}`);
	const text = stdout.slice(start);
	// The document ends at the last closing brace at the start of a line.
	const end = text.lastIndexOf('\n}');
	return JSON.parse(end >= 0 ? text.slice(0, end + 2) : text);
}

/**
 * Runs a saved workflow with `n8n execute --id=… --rawOutput`, as a user runs one from the command
 * line, and returns the run it printed (`{data, status, mode, …}`). Fails the test, with n8n's
 * output, unless n8n exited 0 and the run ended without a workflow error; `what` names the run in
 * those messages.
 */
async function executeWorkflow(workflowId, what = 'n8n execute') {
	const res = await n8nCli(['execute', `--id=${workflowId}`, '--rawOutput'], { timeoutMs: 150_000, allowFailure: true });
	assert.equal(res.code, 0, `${what}: n8n execute failed (exit ${res.code}):\n${(res.stdout + res.stderr).slice(-3000)}`);
	const run = parseRawOutput(res.stdout);
	assert.equal(run.data.resultData.error, undefined, `${what}: workflow error: ${JSON.stringify(run.data.resultData.error)}`);
	return run;
}

/**
 * A Bandwidth BRTC OAuth2 API credential's data for the run's simulator (the client the simulator
 * knows), with `overrides` (a wrong client secret, say).
 */
function brtcCredentialData(overrides = {}) {
	return {
		accountId: ctx.sim.accountId,
		clientId: ctx.sim.clientId,
		clientSecret: ctx.sim.clientSecret,
		baseUrl: `${ctx.sim.url}/v2`,
		tokenUrl: ctx.sim.tokenUrl,
		...overrides,
	};
}

/** Items (json) a node put out in an execution's run data. */
function nodeOutput(runExecutionData, nodeName) {
	const runs = runExecutionData?.resultData?.runData?.[nodeName];
	if (!runs || !runs.length) return undefined;
	return (runs[0].data?.main?.[0] ?? []).map((item) => item.json);
}

module.exports = {
	activateWorkflow: app.activateWorkflow,
	brtcCredentialData,
	ctx,
	ownerClient,
	request,
	sim,
	n8nCli,
	executeWorkflow,
	listExecutions,
	waitForExecutions,
	getExecution,
	nodeOutput,
	parseRawOutput,
};
