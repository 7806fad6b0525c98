'use strict';
// (d) Runs last: the credential's password (and the wrong one tried in (b), and the Basic auth
// header they make) and the trigger's callback secret (its Bandwidth WebRTC Callback API
// credential, sent by every accepted callback in (c)) must appear nowhere in n8n's log output, in
// any execution's data, or in clear in n8n's database.
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { test, before } = require('node:test');

const { ctx, sim, ownerClient, listExecutions, getExecution } = require('../lib/context');

const trigger = ctx.workflows.trigger;

const basic = (user, pass) => Buffer.from(`${user}:${pass}`).toString('base64');
const secrets = {
	'the password': ctx.sim.password,
	'the wrong password tried in (b)': ctx.credential.wrongPassword,
	'the Basic auth header': basic(ctx.sim.username, ctx.sim.password),
	'the Basic auth header with the wrong password': basic(ctx.sim.username, ctx.credential.wrongPassword),
	"the trigger's callback secret": trigger.secret,
	"the trigger's callback secret, URL-encoded": encodeURIComponent(trigger.secret),
};

function findSecrets(text) {
	return Object.entries(secrets)
		.filter(([, value]) => value && text.includes(value))
		.map(([what]) => what);
}

let rest;
before(async () => {
	rest = await ownerClient();
});

test('(d) the participant created in (a) was given the callback secret, from the credential', async () => {
	const participants = Object.values((await sim.state()).participants ?? {});
	const fromWorkflow = participants.filter((p) => p.tag === 'n8n-e2e-participant');
	assert.ok(fromWorkflow.length >= 1, 'the session workflow of (a) created a participant');
	for (const participant of fromWorkflow) {
		const url = new URL(participant.callbackUrl);
		assert.equal(url.searchParams.get('secret'), trigger.secret, 'Bandwidth was given the secret in the Callback URL');
		assert.equal(`${url.origin}${url.pathname}`, trigger.productionUrl);
	}
});

test('(d) n8n log output (server and CLI) holds no password and no callback secret', () => {
	const server = fs.readFileSync(ctx.logs.n8n, 'utf8');
	const cli = fs.readFileSync(ctx.logs.cli, 'utf8');
	assert.match(server, /Editor is now accessible/, 'the server log is the real one');
	assert.match(cli, /"Get Session Participants"/, 'the CLI log holds the execute output');
	assert.deepEqual(findSecrets(server), [], 'n8n server log');
	assert.match(cli, /Successfully imported 2 credentials/, 'the CLI log holds the credential import');
	assert.deepEqual(findSecrets(cli), [], 'n8n CLI log (imports and execute --rawOutput)');
});

test('(d) no execution\'s data holds a password or the callback secret', async () => {
	// n8n 2.41 takes a limit of 1-100; a run makes far fewer executions, and the count proves that
	// the list holds them all.
	const data = await rest.call('GET', '/rest/executions?limit=100');
	assert.equal(typeof data.count, 'number', `the list says how many executions there are: ${JSON.stringify(Object.keys(data))}`);
	assert.ok(data.count <= data.results.length, `every execution is listed (count ${data.count}, listed ${data.results.length})`);
	const ids = data.results.map((e) => e.id);
	assert.ok(ids.length >= 4, `expected the executions of (a) and (c), found ${ids.length}`);
	for (const id of ids) {
		const res = await rest.request('GET', `/rest/executions/${id}`);
		assert.equal(res.status, 200);
		assert.deepEqual(findSecrets(res.text), [], `execution ${id}`);
	}
});

test('(d) the trigger\'s executions hold its credential reference, not its secret', async () => {
	assert.ok(trigger.secret.length > 10, 'a distinctive secret to look for');
	const executions = (await listExecutions(rest, trigger.id)).filter((e) => e.mode === 'webhook');
	assert.ok(executions.length >= 3, `expected the webhook executions of (c), found ${executions.length}`);
	for (const summary of executions) {
		const res = await rest.request('GET', `/rest/executions/${summary.id}`);
		assert.equal(res.status, 200);
		assert.ok(!res.text.includes(trigger.secret), `execution ${summary.id} (GET /rest/executions/:id) holds the secret`);
		// The copy of the workflow each execution keeps: the node as it ran, with its credential reference.
		const { workflowData } = await getExecution(rest, summary.id);
		const node = workflowData.nodes.find((n) => n.name === trigger.nodeName);
		assert.equal(node.parameters.authentication, 'callbackSecret');
		assert.equal(node.parameters.secret, undefined, `execution ${summary.id}: no secret parameter`);
		assert.deepEqual(node.credentials?.[trigger.callbackCredential.type], { id: trigger.callbackCredential.id, name: trigger.callbackCredential.name });
	}
	// The credential as the app hands it out (the editor's view redacts password fields).
	const credential = await rest.request('GET', `/rest/credentials/${trigger.callbackCredential.id}?includeData=true`);
	assert.equal(credential.status, 200, credential.text);
	assert.equal(credential.json.data.type, trigger.callbackCredential.type);
	assert.ok(!credential.text.includes(trigger.secret), 'GET /rest/credentials/:id?includeData=true redacts the secret');
});

test('(d) n8n\'s database holds no password in clear (the credential is encrypted)', () => {
	const dir = path.join(ctx.userFolder, '.n8n');
	const files = fs.readdirSync(dir).filter((f) => f.startsWith('database.sqlite'));
	assert.ok(files.includes('database.sqlite'), `no database in ${dir}`);
	for (const file of files) {
		const bytes = fs.readFileSync(path.join(dir, file)).toString('latin1');
		assert.deepEqual(findSecrets(bytes), [], file);
	}
});
