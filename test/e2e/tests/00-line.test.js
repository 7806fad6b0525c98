'use strict';
// Which n8n the checks talk to: the server that run.js started and the n8n CLI that the test files
// call (`n8n execute`, in processes of their own) are both the selected line's n8n, as its
// package.json pins it. A test process that fell back to another line's CLI fails here.
const assert = require('node:assert/strict');
const { test } = require('node:test');

const { ctx, ownerClient, n8nCli } = require('../lib/context');

test(`(line) the n8n server and the n8n CLI are the line's n8n (line "${ctx.n8n.line}", n8n ${ctx.n8n.version})`, async () => {
	const rest = await ownerClient();
	const settings = await rest.call('GET', '/rest/settings');
	assert.equal(settings.versionCli, ctx.n8n.version, 'the server reports the line\'s n8n version');
	const res = await n8nCli(['--version']);
	assert.equal(res.stdout.trim().split('\n').pop(), ctx.n8n.version, 'the CLI the tests run is the line\'s n8n');
});
