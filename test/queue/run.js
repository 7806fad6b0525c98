#!/usr/bin/env node
'use strict';
// `npm run test:queue`: the package in n8n's queue mode, on 127.0.0.1. Redis and PostgreSQL (see
// stack.js), the simulator, an n8n main instance (EXECUTIONS_MODE=queue), two `n8n worker`
// processes and one `n8n webhook` process, all sharing one database and the installed package.
// Then the checks in tests.js, each against the simulator's own record. Everything started here
// is stopped at the end, on failure and on Ctrl-C too.
//
//   npm run test:queue                 the checks, then everything stops
//   npm run dev -- --queue             (or --keep here) the same stack, left up until Ctrl-C
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const processes = require('../stack/processes');
const fixtures = require('../stack/fixtures');
const { bringUp } = require('../stack/bringUp');
const { newRunFolder, secret } = require('../stack/runs');
const { simulatorEnv } = require('../stack/simulator');
const { lineFromArgs } = require('../e2e/lines');
const services = require('./stack');
const { runChecks } = require('./tests');

const RUNS_DIR = path.join(__dirname, '.run');
const say = (msg) => process.stdout.write(`queue: ${msg}\n`);

let servicesFolder;
/** After stopAll: anything of Redis or PostgreSQL still running, then their folder, goes. */
function stopServices() {
	if (!servicesFolder) return;
	processes.killByCmdlineMarker(servicesFolder.dir);
	servicesFolder.remove();
	servicesFolder = undefined;
}

async function main() {
	const keep = process.argv.includes('--keep');
	let runDir;
	processes.onTerminate(async () => {
		await processes.stopAll();
		if (runDir) processes.killByCmdlineMarker(runDir);
		stopServices();
	});

	services.ensureServices(say);
	runDir = newRunFolder(RUNS_DIR);
	const userFolder = path.join(runDir, 'n8n-user');
	fs.mkdirSync(userFolder, { recursive: true });
	// Outside the clone, where the postgres user can reach it (stack.js); removed when the run ends.
	servicesFolder = services.makeServicesFolder();
	const servicesDir = servicesFolder.dir;
	const log = (name) => path.join(runDir, `${name}.log`);

	const simUser = {
		username: 'queue-api-user',
		password: secret('QuPw-'),
		accountId: '9900000',
		clientId: 'queue-oauth-client',
		clientSecret: secret('QuCs-'),
	};

	say('starting Redis and PostgreSQL...');
	const redis = await services.startRedis(servicesDir, log('redis'));
	const pg = await services.startPostgres(servicesDir, log('postgres'));
	say(`Redis on ${redis.port}, PostgreSQL on ${pg.port}`);

	const webhookPort = await processes.freePort();
	const triggerSecret = secret('qtrg-');
	const callbackCred = fixtures.callbackCredential({ id: 'bwQueueCredCallb', name: 'Bandwidth WebRTC callback secret (queue)', secret: triggerSecret });
	const webhookIds = { volume: crypto.randomUUID(), oauth: crypto.randomUUID(), trigger: crypto.randomUUID() };
	let workflows;
	const owner = { email: 'queue-owner@example.com', firstName: 'Queue', lastName: 'Owner', password: secret('Owner1-') };

	// The main instance, on PostgreSQL and Redis; the workers and the webhook process follow.
	const up = await bringUp({
		line: lineFromArgs(),
		say,
		userFolder,
		logFile: (name) => log(name === 'n8n' ? 'n8n-main' : name),
		simulator: { env: simulatorEnv(simUser) },
		env: {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(pg.port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: '',
			// Manual and CLI runs go to the workers too; production webhooks only to the webhook process.
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/`,
			N8N_LOG_LEVEL: 'debug',
		},
		importDir: path.join(runDir, 'import'),
		owner,
		imports: ({ sim }) => {
			const cred = fixtures.credential({
				id: 'bwQueueCredSim01',
				name: 'Bandwidth WebRTC (simulator)',
				accountId: sim.accountId,
				username: simUser.username,
				password: simUser.password,
				baseUrl: sim.baseUrl,
			});
			const oauthCred = {
				id: 'bwQueueCredOAuth',
				name: 'Bandwidth WebRTC OAuth2 (simulator)',
				type: 'bandwidthWebRtcOAuth2Api',
				data: { accountId: sim.accountId, clientId: simUser.clientId, clientSecret: simUser.clientSecret, baseUrl: sim.baseUrl, tokenUrl: sim.tokenUrl, accessToken: '', expiresAt: 0 },
			};
			workflows = {
				volume: volumeWorkflow({ id: 'bwQueueFlowVolum', webhookId: webhookIds.volume, path: 'queue-volume', cred, authentication: 'basicAuth' }),
				oauth: volumeWorkflow({ id: 'bwQueueFlowOAuth', webhookId: webhookIds.oauth, path: 'queue-oauth', cred: oauthCred, authentication: 'oAuth2' }),
				trigger: fixtures.triggerWorkflow({ id: 'bwQueueFlowTrigg', name: 'Queue: participant events', webhookId: webhookIds.trigger, events: ['onConnect', 'onLeave'], callbackCred }),
			};
			return { credentials: [cred, oauthCred, callbackCred], workflows };
		},
	});
	const { app, rest, baseUrl } = up;

	const workers = [];
	for (const name of ['worker-1', 'worker-2']) {
		const env = { ...(await up.envFor(await processes.freePort())), QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(await processes.freePort()) };
		const child = app.startProcess(name, env, ['worker', '--concurrency=10'], { logFile: log(name) });
		await processes.waitForLine(child, (line) => /n8n worker is now ready/i.test(line), { timeoutMs: 120_000, what: name });
		workers.push({ name, child, log: log(name) });
		say(`${name} ready (pid ${child.pid})`);
	}
	const webhook = app.startProcess('webhook', await up.envFor(webhookPort), ['webhook'], { logFile: log('n8n-webhook') });
	await processes.waitForLine(webhook, (line) => /Webhook listener waiting for requests/i.test(line), { timeoutMs: 120_000, what: 'n8n webhook' });
	say(`webhook process on ${webhookPort}`);

	for (const wf of Object.values(workflows)) {
		const current = await rest.call('GET', `/rest/workflows/${wf.id}`);
		await app.activateWorkflow(rest, wf.id, current.versionId);
	}

	const context = {
		runDir,
		rest,
		sim: { ...simUser, ...up.sim.info, triggerSecret },
		workflows,
		webhookIds,
		webhookBase: `http://127.0.0.1:${webhookPort}`,
		workers,
		logs: { main: log('n8n-main'), webhook: log('n8n-webhook'), cli: log('n8n-cli'), workers: workers.map((w) => w.log) },
		redisPort: redis.port,
		pg,
		services,
	};
	if (keep) {
		say(`queue-mode stack up: editor ${baseUrl} (owner ${owner.email}, password in ${path.join(runDir, 'owner.txt')}), webhooks ${context.webhookBase}, 2 workers, logs in ${runDir}. Ctrl-C stops everything.`);
		fs.writeFileSync(path.join(runDir, 'owner.txt'), `${owner.email}\n${owner.password}\n`, { mode: 0o600 });
		await new Promise(() => {});
	}
	const { passed, failed } = await runChecks(context, say);
	process.stdout.write(`\nqueue: ${passed} passed, ${failed} failed\n`);
	return failed === 0 ? 0 : 1;
}

/** Webhook (responds at once) → Split Out `items` → Bandwidth WebRTC: Participant → Create. */
function volumeWorkflow({ id, webhookId, path: webhookPath, cred, authentication }) {
	const names = ['Webhook', 'Split Out', 'Create Participant'];
	return {
		id,
		name: `Queue: ${webhookPath}`,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		connections: {
			[names[0]]: { main: [[{ node: names[1], type: 'main', index: 0 }]] },
			[names[1]]: { main: [[{ node: names[2], type: 'main', index: 0 }]] },
		},
		nodes: [
			{ id: `${id}-1`, name: names[0], type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId, parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} } },
			{ id: `${id}-2`, name: names[1], type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [240, 0], parameters: { fieldToSplitOut: 'body.items', options: {} } },
			{
				id: `${id}-3`,
				name: names[2],
				type: fixtures.NODE_TYPE,
				typeVersion: 1,
				position: [480, 0],
				parameters: { authentication, resource: 'participant', operation: 'create', publishPermissions: ['AUDIO'], additionalFields: { tag: '={{ $json.tag }}' } },
				credentials: { [cred.type]: { id: cred.id, name: cred.name } },
			},
		],
	};
}

main().then(
	async (code) => {
		await processes.stopAll();
		stopServices();
		process.exit(code);
	},
	async (err) => {
		process.stderr.write(`queue: ${err.stack || err.message}\n`);
		await processes.stopAll();
		stopServices();
		process.exit(1);
	},
);
