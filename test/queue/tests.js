'use strict';
// The queue-mode checks, run in order by run.js against the live stack. Each reads the
// simulator's own record (GET /__sim/state and /__sim/requests) and n8n's executions.
const assert = require('node:assert/strict');
const fs = require('fs');

const { requestJson } = require('../stack/http');
const { simulatorControl } = require('../stack/simulator');
const { sleep } = require('../stack/processes');

/** POSTs to a production webhook of the webhook process. */
async function postWebhook(ctx, urlPath, body, headers = {}) {
	return await requestJson('POST', `${ctx.webhookBase}/webhook/${urlPath}`, { body, headers, timeoutMs: 60_000 });
}

/** The executions of a workflow, newest first (n8n's REST list). */
async function executionsOf(ctx, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const data = await ctx.rest.call('GET', `/rest/executions?filter=${filter}&limit=100`);
	return data.results ?? data;
}

/** Waits until `count` executions of the workflow have finished (any final status). */
async function waitFinished(ctx, workflowId, count, { timeoutMs = 300_000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const list = await executionsOf(ctx, workflowId);
		const done = list.filter((e) => e.finished || ['success', 'error', 'crashed', 'canceled'].includes(e.status));
		if (done.length >= count) return list;
		if (Date.now() > deadline) throw new Error(`only ${done.length} of ${count} executions of ${workflowId} finished: ${JSON.stringify(list.map((e) => [e.id, e.status]))}`);
		await sleep(1000);
	}
}

/** Which worker ran an execution, from the workers' own logs ("Worker started execution N (job M)"). */
function workerOf(ctx, executionId) {
	const pattern = new RegExp(`Worker started execution ${executionId} \\(job`);
	return ctx.workers.filter((w) => pattern.test(fs.readFileSync(w.log, 'utf8'))).map((w) => w.name);
}

const tokenRequests = (requests) => requests.filter((r) => r.path.endsWith('/oauth2/token'));

const items = (prefix, count) => ({ items: Array.from({ length: count }, (_, i) => ({ tag: `${prefix}-${i}` })) });

async function runChecks(ctx, say) {
	const sim = simulatorControl(ctx.sim.url);
	const results = [];
	const check = async (name, fn) => {
		const started = Date.now();
		try {
			await fn();
			results.push({ name, ok: true });
			say(`PASS ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
		} catch (err) {
			results.push({ name, ok: false });
			say(`FAIL ${name}: ${err.stack || err.message}`);
		}
	};

	await check('(a) 1,000 creates through the main instance run on a worker: 1,000 participants, no duplicate', async () => {
		const before = (await sim.state()).counts.participants;
		const started = Date.now();
		const res = await postWebhook(ctx, 'queue-volume', items('qa', 1000));
		assert.equal(res.status, 200, res.text);
		const [execution] = await waitFinished(ctx, ctx.workflows.volume.id, 1);
		say(`   1 x 1,000 items: ${((Date.now() - started) / 1000).toFixed(1)} s on this 2-core machine`);
		assert.equal(execution.status, 'success', JSON.stringify(execution));
		const state = await sim.state();
		const tags = state.participants.filter((p) => p.tag?.startsWith('qa-')).map((p) => p.tag);
		assert.equal(state.counts.participants - before, 1000);
		assert.equal(new Set(tags).size, 1000, 'no tag twice');
		const ranOn = workerOf(ctx, execution.id);
		assert.equal(ranOn.length, 1, `execution ${execution.id} ran on exactly one worker (found: ${ranOn})`);
	});

	await check('(a) 5 x 1,000 at once spread over both workers; every item ends once', async () => {
		const started = Date.now();
		const previous = (await executionsOf(ctx, ctx.workflows.volume.id)).length;
		await Promise.all([1, 2, 3, 4, 5].map((n) => postWebhook(ctx, 'queue-volume', items(`q5${n}`, 1000))));
		const list = await waitFinished(ctx, ctx.workflows.volume.id, previous + 5, { timeoutMs: 600_000 });
		say(`   5 x 1,000 items at once: ${((Date.now() - started) / 1000).toFixed(1)} s on this 2-core machine`);
		const newest = list.slice(0, 5);
		for (const e of newest) assert.equal(e.status, 'success', JSON.stringify(e));
		const state = await sim.state();
		for (const n of [1, 2, 3, 4, 5]) {
			const tags = state.participants.filter((p) => p.tag?.startsWith(`q5${n}-`)).map((p) => p.tag);
			assert.equal(tags.length, 1000, `run ${n}: 1,000 participants`);
			assert.equal(new Set(tags).size, 1000, `run ${n}: no duplicate`);
		}
		const workersUsed = new Set(newest.flatMap((e) => workerOf(ctx, e.id)));
		assert.deepEqual([...workersUsed].sort(), ['worker-1', 'worker-2'], 'both workers ran some of them');
	});

	await check('(c) trigger callbacks through the webhook process start executions on workers; secrets checked', async () => {
		const triggerPath = `${ctx.webhookIds.trigger}/webhook`;
		const previous = (await executionsOf(ctx, ctx.workflows.trigger.id)).length;
		const event = (name) => ({ event: name, timestamp: String(Date.now()), participantId: 'p-queue', deviceId: 'd-1', tag: 'queue' });
		const withSecret = `${triggerPath}?secret=${encodeURIComponent(ctx.sim.triggerSecret)}`;
		const accepted = await postWebhook(ctx, withSecret, event('onConnect'));
		assert.equal(accepted.status, 200, accepted.text);
		assert.deepEqual(accepted.json, { received: true });
		const ignored = await postWebhook(ctx, withSecret, event('onDisconnect'));
		assert.deepEqual([ignored.status, ignored.json], [200, { received: true, ignored: true }]);
		const missing = await postWebhook(ctx, triggerPath, event('onConnect'));
		assert.equal(missing.status, 401);
		const wrong = await postWebhook(ctx, `${triggerPath}?secret=nope`, event('onConnect'));
		assert.equal(wrong.status, 403);
		const list = await waitFinished(ctx, ctx.workflows.trigger.id, previous + 1);
		await sleep(3000); // anything else that would start, starts
		const after = await executionsOf(ctx, ctx.workflows.trigger.id);
		assert.equal(after.length, previous + 1, 'only the accepted, selected callback started an execution');
		assert.equal(list[0].status, 'success');
		assert.equal(workerOf(ctx, list[0].id).length, 1, 'it ran on a worker');
	});

	await check('(b) OAuth2 on two workers: one token for the fleet, read from the database; a revoked one refetched per execution, not per item', async () => {
		const from = (await sim.requests()).length;
		const first = await postWebhook(ctx, 'queue-oauth', items('qb0', 20));
		assert.equal(first.status, 200);
		await waitFinished(ctx, ctx.workflows.oauth.id, 1);
		let requests = (await sim.requests()).slice(from);
		assert.equal(tokenRequests(requests).length, 1, 'the first execution fetched one token');

		// Two executions at once, on whichever workers take them: both use the token saved in the database.
		const mark = (await sim.requests()).length;
		await Promise.all([1, 2].map((n) => postWebhook(ctx, 'queue-oauth', items(`qb${n}`, 200))));
		const list = await waitFinished(ctx, ctx.workflows.oauth.id, 3);
		for (const e of list.slice(0, 2)) assert.equal(e.status, 'success');
		requests = (await sim.requests()).slice(mark);
		assert.equal(tokenRequests(requests).length, 0, 'no new token while the saved one is valid');
		say(`   concurrent OAuth2 executions ran on: ${list.slice(0, 2).map((e) => workerOf(ctx, e.id).join('+')).join(', ')}`);

		// Revoked: each execution in flight fetches one new token (executions do not share a lock).
		await sim.revokeTokens();
		const revokedAt = (await sim.requests()).length;
		await Promise.all([3, 4].map((n) => postWebhook(ctx, 'queue-oauth', items(`qb${n}`, 200))));
		const after = await waitFinished(ctx, ctx.workflows.oauth.id, 5);
		for (const e of after.slice(0, 2)) assert.equal(e.status, 'success');
		requests = (await sim.requests()).slice(revokedAt);
		const fetched = tokenRequests(requests).length;
		say(`   after a revocation, 2 executions x 200 items made ${fetched} token request(s)`);
		assert.ok(fetched >= 1 && fetched <= 2, `one token request per execution at most, not per item (got ${fetched})`);
		const state = await sim.state();
		for (const n of [1, 2, 3, 4]) {
			assert.equal(state.participants.filter((p) => p.tag?.startsWith(`qb${n}-`)).length, 200, `run qb${n}: 200 participants`);
		}
	});

	await check('(d) a worker killed mid-execution: what n8n does, no create sent twice, what was left behind', async () => {
		await sim.latency(40);
		const previous = (await executionsOf(ctx, ctx.workflows.volume.id)).length;
		const res = await postWebhook(ctx, 'queue-volume', items('qd', 1000));
		assert.equal(res.status, 200);
		// Wait until the execution is well under way, then SIGKILL the worker running it.
		let execution;
		for (let i = 0; i < 120 && !execution; i++) {
			await sleep(250);
			const list = await executionsOf(ctx, ctx.workflows.volume.id);
			if (list.length > previous) execution = list[0];
		}
		assert.ok(execution, 'the execution was created');
		let victim;
		for (let i = 0; i < 120; i++) {
			const created = (await sim.state()).participants.filter((p) => p.tag?.startsWith('qd-')).length;
			victim = ctx.workers.find((w) => workerOf(ctx, execution.id).includes(w.name));
			if (victim && created >= 200) break;
			await sleep(250);
		}
		assert.ok(victim, 'found the worker running it');
		const createdBeforeKill = (await sim.state()).participants.filter((p) => p.tag?.startsWith('qd-')).length;
		process.kill(-victim.child.pid, 'SIGKILL');
		say(`   SIGKILLed ${victim.name} after ${createdBeforeKill} of 1,000 creates`);
		await sim.latency(0);

		// Give n8n time to notice (Bull's stalled-job check) and do whatever it does.
		let final;
		for (let i = 0; i < 90; i++) {
			await sleep(1000);
			final = (await executionsOf(ctx, ctx.workflows.volume.id)).find((e) => e.id === execution.id);
			if (final && ['success', 'error', 'crashed', 'canceled'].includes(final.status)) break;
		}
		const state = await sim.state();
		const tags = state.participants.filter((p) => p.tag?.startsWith('qd-')).map((p) => p.tag);
		const creates = (await sim.requests()).filter((r) => r.method === 'POST' && r.path.endsWith('/participants') && String(r.json?.tag ?? '').startsWith('qd-'));
		const sentTwice = creates.length - new Set(creates.map((r) => r.json.tag)).size;
		const pickedUp = ctx.workers.filter((w) => w !== victim && workerOf(ctx, execution.id).includes(w.name)).map((w) => w.name);
		say(`   execution ${execution.id}: status "${final?.status}", picked up again by: ${pickedUp.join(', ') || 'no worker'}`);
		say(`   participants left behind (created, never reported): ${tags.length} with tags qd-*; creates sent twice for one item: ${sentTwice}`);
		ctx.killed = { victim: victim.name, executionId: execution.id, status: final?.status, left: tags.length, sentTwice, pickedUp };
		assert.equal(sentTwice, 0, 'n8n\'s recovery sent no create twice for the same item');
		assert.ok(tags.length >= createdBeforeKill, 'what was created before the kill is still there, to be cleaned up by tag');
	});

	await check('(a) the same volume on the one worker left: 1 x 1,000 and 5 x 1,000', async () => {
		assert.equal(ctx.killed?.victim !== undefined, true, '(d) left one worker');
		const previous = (await executionsOf(ctx, ctx.workflows.volume.id)).length;
		let started = Date.now();
		await postWebhook(ctx, 'queue-volume', items('q1w', 1000));
		await waitFinished(ctx, ctx.workflows.volume.id, previous + 1);
		say(`   one worker, 1 x 1,000 items: ${((Date.now() - started) / 1000).toFixed(1)} s on this 2-core machine`);
		started = Date.now();
		await Promise.all([1, 2, 3, 4, 5].map((n) => postWebhook(ctx, 'queue-volume', items(`q1w${n}`, 1000))));
		const list = await waitFinished(ctx, ctx.workflows.volume.id, previous + 6, { timeoutMs: 600_000 });
		say(`   one worker, 5 x 1,000 items at once: ${((Date.now() - started) / 1000).toFixed(1)} s on this 2-core machine`);
		for (const e of list.slice(0, 6)) assert.equal(e.status, 'success');
		const state = await sim.state();
		for (const prefix of ['q1w-', 'q1w1-', 'q1w2-', 'q1w3-', 'q1w4-', 'q1w5-']) {
			const tags = state.participants.filter((p) => p.tag?.startsWith(prefix)).map((p) => p.tag);
			assert.equal(new Set(tags).size, 1000, `${prefix}: 1,000 participants, none twice`);
		}
	});

	await check('(e) no password, client secret or callback secret in any log, in Redis, or in PostgreSQL in clear', async () => {
		const secrets = {
			password: ctx.sim.password,
			'client secret': ctx.sim.clientSecret,
			'callback secret': ctx.sim.triggerSecret,
			'Basic header': Buffer.from(`${ctx.sim.username}:${ctx.sim.password}`).toString('base64'),
		};
		const find = (text) => Object.entries(secrets).filter(([, v]) => text.includes(v)).map(([k]) => k);
		for (const file of [ctx.logs.main, ctx.logs.webhook, ctx.logs.cli, ...ctx.logs.workers]) {
			assert.deepEqual(find(fs.readFileSync(file, 'utf8')), [], file);
		}
		const redis = await ctx.services.dumpRedis(ctx.redisPort);
		assert.ok(redis.keys > 0, 'Redis holds the queue');
		assert.deepEqual(find(redis.text), [], 'Redis');
		const dump = await ctx.services.dumpPostgres(ctx.pg);
		assert.match(dump, /CREATE TABLE public\.credentials_entity/);
		assert.deepEqual(find(dump), [], 'PostgreSQL');
	});

	return { passed: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length };
}

module.exports = { runChecks };
