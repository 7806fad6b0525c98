#!/usr/bin/env node
'use strict';
// `npm run dev -- --queue`: the queue-mode stack (Redis, PostgreSQL, main, two workers, a webhook
// process) from test/queue/run.js, left up until Ctrl-C.
if (process.argv.includes('--queue')) {
	process.argv.push('--keep');
	require('../test/queue/run');
} else {
	startDev();
}

function startDev() {
// `npm run dev`: the real n8n app (2.8.4; --n8n=latest for the newest line) on http://127.0.0.1:5678 with this package loaded,
// the WebRTC simulator as the API, ready credentials, sample workflows and an owner account.
//
//   npm run dev                 start (builds the package, installs n8n into test/e2e on first use)
//   npm run dev -- --reset      start from an empty .n8n-dev/ (drops workflows, executions, owner)
//
// Everything lives in .n8n-dev/ (git-ignored). Ctrl-C stops n8n and the simulator.
//
// Environment:
//   N8N_PORT (default 5678), SIMULATOR_PORT (default 5681): a taken default port is replaced by
//     a free one; a taken port you asked for is an error.
//   N8N_DEV_EMAIL / N8N_DEV_PASSWORD: the owner account created on first start
//     (default dev@example.com / N8nDev-Passw0rd).
//   BANDWIDTH_ACCOUNT_ID, BANDWIDTH_USERNAME, BANDWIDTH_PASSWORD (and optionally
//     BANDWIDTH_BASE_URL): also import a credential for Bandwidth's real API and a sample
//     workflow that uses it.
const fs = require('fs');
const path = require('path');

const procs = require('./lib/procs');
const stack = require('./lib/stack');
const fixtures = require('./lib/fixtures');
const { ensureInstalled } = require('../test/e2e/install');
const { lineFromArgs } = require('../test/e2e/lines');

// One folder per n8n line: a database migrated by a newer n8n does not go back.
const DEV_DIR = path.join(stack.REPO_ROOT, lineFromArgs().name === 'latest' ? '.n8n-dev-latest' : '.n8n-dev');
const LOG_DIR = path.join(DEV_DIR, 'logs');
const SAMPLES_MARKER = path.join(DEV_DIR, 'samples.json');
// 2: the trigger sample checks a callback secret held in a credential.
const SAMPLES_VERSION = 2;

const IDS = {
	simCredential: 'bwDevCredSim0001',
	callbackCredential: 'bwDevCredCallbk1',
	realCredential: 'bwDevCredReal001',
	sessionWorkflow: 'bwDevFlowSession',
	triggerWorkflow: 'bwDevFlowTrigger',
	realWorkflow: 'bwDevFlowRealApi',
	// Fixed, so the trigger's production URL stays the same from one start to the next.
	webhookId: '8f0b7d52-5a4e-4c1b-9e0a-b3a7c0de0001',
};

// The sample trigger's callback secret: a dev instance's only, like the simulator's password.
const DEV_CALLBACK_SECRET = 'dev-callback-secret';

const say = (msg) => process.stdout.write(`dev: ${msg}\n`);

/** One `npm run dev` per .n8n-dev/ (two n8n processes on one SQLite database do not mix). */
function claimDevFolder() {
	const pidFile = path.join(DEV_DIR, 'dev.pid');
	if (fs.existsSync(pidFile)) {
		const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
		let alive = false;
		try {
			process.kill(pid, 0);
			alive = pid !== process.pid;
		} catch (err) {
			alive = err.code === 'EPERM';
		}
		if (alive) throw new Error(`npm run dev is already running with .n8n-dev/ (pid ${pid}); stop it first (Ctrl-C in its terminal, or kill -INT ${pid})`);
	}
	fs.writeFileSync(pidFile, `${process.pid}\n`);
	process.on('exit', () => {
		try {
			if (fs.readFileSync(pidFile, 'utf8').trim() === String(process.pid)) fs.rmSync(pidFile);
		} catch {
			// gone
		}
	});
}

async function choosePort(envName, fallback) {
	const asked = process.env[envName];
	if (asked) {
		const port = Number(asked);
		if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${envName}=${asked} is not a port`);
		if (await procs.portInUse(port)) throw new Error(`${envName}=${port} is already taken on 127.0.0.1`);
		return port;
	}
	if (!(await procs.portInUse(fallback))) return fallback;
	const port = await procs.freePort();
	say(`port ${fallback} is taken, using ${port} instead (set ${envName} to choose)`);
	return port;
}

function realApiSettings() {
	const { BANDWIDTH_ACCOUNT_ID: accountId, BANDWIDTH_USERNAME: username, BANDWIDTH_PASSWORD: password } = process.env;
	if (!accountId || !username || !password) return null;
	return { accountId, username, password, baseUrl: process.env.BANDWIDTH_BASE_URL || 'https://api.webrtc.bandwidth.com/v1' };
}

async function main() {
	const args = new Set(process.argv.slice(2));
	if (args.has('--help') || args.has('-h')) {
		const lines = fs.readFileSync(__filename, 'utf8').split('\n').slice(2);
		const header = lines.slice(0, lines.findIndex((l) => !l.startsWith('//')));
		process.stdout.write(`${header.map((l) => l.replace(/^\/\/ ?/, '')).join('\n')}\n`);
		return;
	}

	let stopping = false;
	procs.onTerminate(
		async () => {
			stopping = true;
			say('stopping n8n and the simulator...');
			await procs.stopAll();
			say('stopped; nothing left running.');
		},
		{ exitCode: 0 },
	);

	// 1. n8n itself (first time: a few minutes) and the package.
	// `--n8n=latest`: the newest n8n line (test/e2e/lines/latest, on its own Node.js).
	const n8nLine = lineFromArgs();
	stack.useLine(n8nLine);
	ensureInstalled({ log: say, line: n8nLine });
	say('building the package (npm run build)...');
	try {
		await stack.buildPackage();
	} catch (err) {
		if (stack.missingDistFiles().length || !fs.existsSync(path.join(stack.REPO_ROOT, 'dist'))) throw err;
		say(`WARNING: the build failed, starting with the dist/ from the last good build.\n${err.message}`);
	}
	const missing = stack.missingDistFiles();
	if (missing.length) throw new Error(`package.json's n8n field lists files missing from dist/: ${missing.join(', ')}`);

	// 2. The dev folder, claimed for this process.
	fs.mkdirSync(DEV_DIR, { recursive: true });
	claimDevFolder();
	if (args.has('--reset')) {
		say(`--reset: emptying ${path.relative(stack.REPO_ROOT, DEV_DIR)}/`);
		for (const entry of fs.readdirSync(DEV_DIR)) {
			if (entry !== 'dev.pid') fs.rmSync(path.join(DEV_DIR, entry), { recursive: true, force: true });
		}
	}
	fs.mkdirSync(LOG_DIR, { recursive: true });
	const encryptionKey = stack.encryptionKeyFrom(path.join(DEV_DIR, 'encryption-key'));
	stack.installPackageInto(DEV_DIR);

	const n8nPort = await choosePort('N8N_PORT', 5678);
	const simPort = await choosePort('SIMULATOR_PORT', 5681);
	const brokerPort = await procs.freePort();
	const baseUrl = `http://127.0.0.1:${n8nPort}`;
	const env = stack.n8nEnv({ userFolder: DEV_DIR, port: n8nPort, encryptionKey, brokerPort });
	const real = realApiSettings();

	// 3. The simulator.
	const { child: simChild, info } = await stack.startSimulator({
		port: simPort,
		logFile: path.join(LOG_DIR, 'simulator.log'),
		env: {
			SIMULATOR_ACCOUNT_ID: stack.SIM_DEFAULTS.accountId,
			SIMULATOR_USERNAME: stack.SIM_DEFAULTS.username,
			SIMULATOR_PASSWORD: stack.SIM_DEFAULTS.password,
		},
	});
	say(`simulator on ${info.url} (account ${info.accountId}, user ${stack.SIM_DEFAULTS.username})`);

	// 4. Credentials (re-imported at every start: the simulator's URL may change) and samples.
	const simCred = fixtures.credential({
		id: IDS.simCredential,
		name: 'Bandwidth WebRTC (simulator)',
		accountId: info.accountId,
		username: stack.SIM_DEFAULTS.username,
		password: stack.SIM_DEFAULTS.password,
		baseUrl: info.baseUrl,
	});
	const callbackCred = fixtures.callbackCredential({
		id: IDS.callbackCredential,
		name: 'Bandwidth WebRTC callback secret (dev)',
		secret: DEV_CALLBACK_SECRET,
	});
	const creds = [simCred, callbackCred];
	const realCred = real && fixtures.credential({ id: IDS.realCredential, name: 'Bandwidth WebRTC (real API)', ...real });
	if (realCred) creds.push(realCred);
	const importDir = fs.mkdtempSync(path.join(DEV_DIR, 'import-'));
	const cliLog = path.join(LOG_DIR, 'n8n-cli.log');
	try {
		const credFile = stack.writeJson(importDir, 'credentials.json', creds);
		say(`importing credential(s): ${creds.map((c) => `"${c.name}"`).join(', ')}`);
		await stack.n8nCli(env, ['import:credentials', `--input=${credFile}`], { logFile: cliLog });

		// The node adds the callback credential's secret to this URL when it sends it to Bandwidth.
		const callbackUrl = fixtures.productionWebhookUrl(baseUrl, IDS.webhookId);
		const samplesKey = { version: SAMPLES_VERSION, n8nPort, real: Boolean(real) };
		const previous = fs.existsSync(SAMPLES_MARKER) ? fs.readFileSync(SAMPLES_MARKER, 'utf8') : '';
		if (previous.trim() !== JSON.stringify(samplesKey)) {
			const wfDir = path.join(importDir, 'workflows');
			stack.writeJson(
				wfDir,
				'session.json',
				fixtures.sessionWorkflow({
					id: IDS.sessionWorkflow,
					name: 'Bandwidth WebRTC sample: session + participant (simulator)',
					cred: simCred,
					sessionTag: 'dev-session',
					participantTag: 'dev-participant',
					callbackUrl,
					callbackCred,
				}),
			);
			stack.writeJson(
				wfDir,
				'trigger.json',
				fixtures.triggerWorkflow({
					id: IDS.triggerWorkflow,
					name: 'Bandwidth WebRTC sample: participant events',
					webhookId: IDS.webhookId,
					callbackCred,
				}),
			);
			if (realCred) {
				stack.writeJson(
					wfDir,
					'real.json',
					fixtures.sessionWorkflow({
						id: IDS.realWorkflow,
						name: 'Bandwidth WebRTC sample: session + participant (real API)',
						cred: realCred,
						sessionTag: 'n8n-dev-session',
						participantTag: 'n8n-dev-participant',
					}),
				);
			}
			say('importing the sample workflows');
			await stack.n8nCli(env, ['import:workflow', '--separate', `--input=${wfDir}`], { logFile: cliLog });
		}
		fs.writeFileSync(SAMPLES_MARKER, `${JSON.stringify(samplesKey)}\n`);
	} finally {
		fs.rmSync(importDir, { recursive: true, force: true });
	}

	// 5. n8n.
	say(`starting n8n on ${baseUrl} (log: ${path.relative(stack.REPO_ROOT, path.join(LOG_DIR, 'n8n.log'))})...`);
	const n8nChild = await stack.startN8n(env, { logFile: path.join(LOG_DIR, 'n8n.log'), echo: true });

	const owner = {
		email: process.env.N8N_DEV_EMAIL || 'dev@example.com',
		password: process.env.N8N_DEV_PASSWORD || 'N8nDev-Passw0rd',
		firstName: 'Dev',
		lastName: 'Owner',
	};
	const rest = new stack.RestClient(baseUrl);
	const created = await stack.ensureOwner(rest, owner);
	let loggedIn = true;
	try {
		await stack.login(rest, owner);
	} catch (err) {
		loggedIn = false;
		say(`WARNING: could not log in as ${owner.email} (${err.message.slice(0, 120)}). The owner was created earlier with another password: use it, or run \`npm run dev -- --reset\`.`);
	}
	if (loggedIn) {
		const wf = await rest.call('GET', `/rest/workflows/${IDS.triggerWorkflow}`).catch(() => null);
		if (wf && !wf.active) {
			// On n8n 2.41 this returns once the publication status says the trigger is registered.
			await stack.activateWorkflow(rest, IDS.triggerWorkflow, wf.versionId).catch((err) => say(`WARNING: could not activate the trigger sample: ${err.message}`));
		}
	}

	const triggerUrl = fixtures.productionWebhookUrl(baseUrl, IDS.webhookId);
	const lines = [
		'',
		'='.repeat(78),
		` n8n ${stack.currentLine().n8nVersion} with n8n-nodes-bandwidth-webrtc is running`,
		'',
		` Editor:    ${baseUrl}`,
		` Log in:    ${owner.email} / ${owner.password}${created ? '   (owner account just created)' : ''}`,
		'',
		` Simulator: ${info.baseUrl}   (state: ${info.url}/__sim/state)`,
		` Credential "Bandwidth WebRTC (simulator)": account ${info.accountId}, ${stack.SIM_DEFAULTS.username} / ${stack.SIM_DEFAULTS.password}`,
		` Credential "${callbackCred.name}": secret ${DEV_CALLBACK_SECRET} (the trigger sample checks it)`,
		...(realCred ? [` Credential "Bandwidth WebRTC (real API)": account ${real.accountId} at ${real.baseUrl}`] : []),
		'',
		' Workflows:',
		`   ${baseUrl}/workflow/${IDS.sessionWorkflow}   (Execute workflow: session, participant, list)`,
		`   ${baseUrl}/workflow/${IDS.triggerWorkflow}   (active; Production URL ${triggerUrl}, callbacks need ?secret=${DEV_CALLBACK_SECRET})`,
		...(realCred ? [`   ${baseUrl}/workflow/${IDS.realWorkflow}   (same against the real API)`] : []),
		'',
		' The sample participant gets the trigger (with ?secret=) as its callbackUrl. After running the first',
		' workflow, send an event (the participant id is in the output):',
		`   curl -s -X POST ${info.url}/__sim/participants/<participantId>/events \\`,
		'        -H "content-type: application/json" -d \'{"event":"onConnect"}\'',
		' and look at the trigger workflow\'s executions.',
		'',
		` Changed the node? Ctrl-C and \`npm run dev${stack.currentLine().name === 'default' ? '' : ` -- --n8n=${stack.currentLine().name}`}\` again (it rebuilds and reloads).`,
		' Ctrl-C stops n8n and the simulator.',
		'='.repeat(78),
		'',
	];
	process.stdout.write(lines.join('\n'));

	// 6. Run until Ctrl-C, or until one of the two stops on its own.
	const first = await Promise.race([n8nChild.exited.then((r) => ['n8n', r]), simChild.exited.then((r) => ['simulator', r])]);
	if (stopping) return;
	say(`${first[0]} exited on its own (code ${first[1].code}, signal ${first[1].signal}); stopping the rest.`);
	await procs.stopAll();
	process.exitCode = 1;
}

main().catch(async (err) => {
	process.stderr.write(`dev: ${process.env.DEBUG ? err?.stack ?? err : err?.message ?? err}\n`);
	await procs.stopAll();
	process.exitCode = 1;
});
}
