#!/usr/bin/env node
'use strict';
// `npm run dev`: the real n8n app (the default line; --n8n=latest for the newest) on
// http://127.0.0.1:5678 with this package loaded, the WebRTC simulator as the API, ready
// credentials, sample workflows and an owner account. Ctrl-C stops everything it started.
//
//   npm run dev                 start (builds the package, installs n8n into test/e2e on first use)
//   npm run dev -- --reset      start from an empty dev folder (drops workflows, executions, owner)
//   npm run dev -- --queue      the queue-mode stack instead (Redis, PostgreSQL, main, two workers,
//                               a webhook process; test/queue/run.js), left up until Ctrl-C
//
// Everything lives in .n8n-dev/ (.n8n-dev-latest/ for --n8n=latest; both git-ignored).
//
// Environment:
//   N8N_PORT (default 5678), SIMULATOR_PORT (default 5681): a taken default port is replaced by
//     a free one; a taken port you asked for is an error.
//   N8N_DEV_DIR: another dev folder instead of .n8n-dev/.
//   N8N_DEV_EMAIL / N8N_DEV_PASSWORD: the owner account created on first start
//     (default dev@example.com / N8nDev-Passw0rd).
//   BANDWIDTH_ACCOUNT_ID, BANDWIDTH_USERNAME, BANDWIDTH_PASSWORD (and optionally
//     BANDWIDTH_BASE_URL): also import a credential for Bandwidth's real API and a sample
//     workflow that uses it.
const fs = require('fs');
const path = require('path');

const processes = require('../test/stack/processes');
const fixtures = require('../test/stack/fixtures');
const { bringUp } = require('../test/stack/bringUp');
const { startModelServer } = require('../test/stack/modelServer');
const { agentWorkflow, openAiCredential } = require('../test/stack/agentWorkflow');
const { REPO_ROOT, SIM_DEFAULTS, simulatorEnv } = require('../test/stack/simulator');
const { encryptionKeyFrom } = require('../test/stack/n8n');
const { lineFromArgs } = require('../test/e2e/lines');

const n8nLine = lineFromArgs();
// One folder per n8n line: a database migrated by a newer n8n does not go back.
const DEV_DIR = process.env.N8N_DEV_DIR
	? path.resolve(process.env.N8N_DEV_DIR)
	: path.join(REPO_ROOT, n8nLine.name === 'latest' ? '.n8n-dev-latest' : '.n8n-dev');
const LOG_DIR = path.join(DEV_DIR, 'logs');
const SAMPLES_MARKER = path.join(DEV_DIR, 'samples.json');
// 2: the trigger sample checks a callback secret held in a credential; 3: the BRTC sample;
// 4: the workflows of examples/ and the AI agent sample.
const SAMPLES_VERSION = 4;

const IDS = {
	simCredential: 'bwDevCredSim0001',
	brtcCredential: 'bwDevCredBrtc001',
	callbackCredential: 'bwDevCredCallbk1',
	realCredential: 'bwDevCredReal001',
	sessionWorkflow: 'bwDevFlowSession',
	brtcWorkflow: 'bwDevFlowBrtcEnd',
	triggerWorkflow: 'bwDevFlowTrigger',
	realWorkflow: 'bwDevFlowRealApi',
	openAiCredential: 'bwDevCredOpenAi1',
	agentWorkflow: 'bwDevFlowAgentAi',
	// Fixed, so the trigger's production URL stays the same from one start to the next.
	webhookId: '8f0b7d52-5a4e-4c1b-9e0a-b3a7c0de0001',
};

// The sample trigger's callback secret: a dev instance's only, like the simulator's password.
// Known, since the dev instance prints it; long enough for the callback credential's test.
const DEV_CALLBACK_SECRET = 'dev-callback-secret-for-the-simulator';

const say = (msg) => process.stdout.write(`dev: ${msg}\n`);

/** One `npm run dev` per dev folder (two n8n processes on one SQLite database do not mix). */
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
		if (alive) throw new Error(`npm run dev is already running with ${DEV_DIR} (pid ${pid}); stop it first (Ctrl-C in its terminal, or kill -INT ${pid})`);
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

/** The port in `envName`, which must be free; else `fallback`, or any free port when it is taken. */
async function choosePort(envName, fallback) {
	const asked = process.env[envName];
	if (asked) {
		const port = Number(asked);
		if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${envName}=${asked} is not a port`);
		if ((await processes.freePortPreferring(port)) !== port) throw new Error(`${envName}=${port} is already taken on 127.0.0.1`);
		return port;
	}
	const port = await processes.freePortPreferring(fallback);
	if (port !== fallback) say(`port ${fallback} is taken, using ${port} instead (set ${envName} to choose)`);
	return port;
}

/** Bandwidth's real API, when its credentials are in the environment. */
function realApiSettings() {
	const { BANDWIDTH_ACCOUNT_ID: accountId, BANDWIDTH_USERNAME: username, BANDWIDTH_PASSWORD: password } = process.env;
	if (!accountId || !username || !password) return null;
	// The production URL as the credential itself defaults it (read from the build, which runs first).
	const defaultBaseUrl = () => require(path.join(REPO_ROOT, 'dist', 'credentials', 'shared.js')).DEFAULT_BASE_URL;
	return { accountId, username, password, baseUrl: process.env.BANDWIDTH_BASE_URL || defaultBaseUrl() };
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
	let model; // the scripted model server of the AI Agent sample, in this process
	processes.onTerminate(
		async () => {
			stopping = true;
			say('stopping n8n and the simulator...');
			await processes.stopAll();
			await model?.close();
			say('stopped; nothing left running.');
		},
		{ exitCode: 0 },
	);

	// The dev folder, claimed for this process.
	const devFolder = path.relative(REPO_ROOT, DEV_DIR) || DEV_DIR;
	fs.mkdirSync(DEV_DIR, { recursive: true });
	claimDevFolder();
	if (args.has('--reset')) {
		say(`--reset: emptying ${devFolder}/`);
		for (const entry of fs.readdirSync(DEV_DIR)) {
			if (entry !== 'dev.pid') fs.rmSync(path.join(DEV_DIR, entry), { recursive: true, force: true });
		}
	}
	fs.mkdirSync(LOG_DIR, { recursive: true });

	const n8nPort = await choosePort('N8N_PORT', 5678);
	const simPort = await choosePort('SIMULATOR_PORT', 5681);
	// The AI Agent sample's OpenAI Chat Model talks to the scripted model server (test/stack/modelServer.js).
	model = await startModelServer({ port: await choosePort('MODEL_SERVER_PORT', 5682) });
	model.setScript({ tool: 'Create_call_link', arguments: { tag: 'ticket-4711' } });
	const openAiCred = openAiCredential({ id: IDS.openAiCredential, name: 'OpenAI (scripted model, dev)', baseUrl: model.baseUrl });
	let real; // read once the build is done: the default URL comes from dist/
	const owner = {
		email: process.env.N8N_DEV_EMAIL || 'dev@example.com',
		password: process.env.N8N_DEV_PASSWORD || 'N8nDev-Passw0rd',
		firstName: 'Dev',
		lastName: 'Owner',
	};
	const importDir = fs.mkdtempSync(path.join(DEV_DIR, 'import-'));
	let simCred;
	let brtcCred;
	let realCred;
	let samplesKey;
	const callbackCred = fixtures.callbackCredential({
		id: IDS.callbackCredential,
		name: 'Bandwidth WebRTC callback secret (dev)',
		secret: DEV_CALLBACK_SECRET,
	});

	let up;
	try {
		up = await bringUp({
			line: n8nLine,
			say,
			// A failed build still starts n8n with the last good dist/, and says so.
			build: 'keep-last-good',
			userFolder: DEV_DIR,
			logFile: (name) => path.join(LOG_DIR, `${name}.log`),
			simulator: { port: simPort, env: simulatorEnv(SIM_DEFAULTS) },
			port: n8nPort,
			encryptionKey: encryptionKeyFrom(path.join(DEV_DIR, 'encryption-key')),
			importDir,
			owner,
			echo: true,
			// Credentials are imported at every start (the simulator's URL may change); the sample
			// workflows only when they changed.
			imports: ({ sim, baseUrl }) => {
				simCred = fixtures.credential({
					id: IDS.simCredential,
					name: 'Bandwidth WebRTC (simulator)',
					accountId: sim.accountId,
					username: SIM_DEFAULTS.username,
					password: SIM_DEFAULTS.password,
					baseUrl: sim.baseUrl,
				});
				brtcCred = fixtures.brtcCredential({
					id: IDS.brtcCredential,
					name: 'Bandwidth BRTC (simulator)',
					accountId: sim.accountId,
					clientId: SIM_DEFAULTS.clientId,
					clientSecret: SIM_DEFAULTS.clientSecret,
					baseUrl: sim.brtcBaseUrl,
					tokenUrl: sim.tokenUrl,
				});
				real = realApiSettings();
				realCred = real && fixtures.credential({ id: IDS.realCredential, name: 'Bandwidth WebRTC (real API)', ...real });
				samplesKey = { version: SAMPLES_VERSION, n8nPort, real: Boolean(real) };
				const previous = fs.existsSync(SAMPLES_MARKER) ? fs.readFileSync(SAMPLES_MARKER, 'utf8') : '';
				const workflows = previous.trim() === JSON.stringify(samplesKey) ? {} : sampleWorkflows({ baseUrl, simCred, brtcCred, realCred, callbackCred, openAiCred });
				return { credentials: [simCred, brtcCred, callbackCred, openAiCred, ...(realCred ? [realCred] : [])], workflows };
			},
		});
	} finally {
		fs.rmSync(importDir, { recursive: true, force: true });
	}
	fs.writeFileSync(SAMPLES_MARKER, `${JSON.stringify(samplesKey)}\n`);
	const { app, rest, baseUrl, sim } = up;
	const info = sim.info;

	if (up.loginError) {
		say(`WARNING: could not log in as ${owner.email} (${up.loginError.message.slice(0, 120)}). The owner was created earlier with another password: use it, or run \`npm run dev -- --reset\`.`);
	} else {
		const wf = await rest.call('GET', `/rest/workflows/${IDS.triggerWorkflow}`).catch(() => null);
		if (wf && !wf.active) {
			// On the latest line this returns once the publication status says the trigger is registered.
			await app.activateWorkflow(rest, IDS.triggerWorkflow, wf.versionId).catch((err) => say(`WARNING: could not activate the trigger sample: ${err.message}`));
		}
	}

	const triggerUrl = fixtures.productionWebhookUrl(baseUrl, IDS.webhookId);
	const devCommand = `npm run dev${n8nLine.name === 'default' ? '' : ` -- --n8n=${n8nLine.name}`}`;
	const lines = [
		'',
		'='.repeat(78),
		` n8n ${n8nLine.n8nVersion} with n8n-nodes-bandwidth-webrtc is running`,
		'',
		` Editor:    ${baseUrl}`,
		` Log in:    ${owner.email} / ${owner.password}${up.ownerCreated ? '   (owner account just created)' : ''}`,
		` Logs:      ${path.relative(REPO_ROOT, LOG_DIR) || LOG_DIR}/`,
		'',
		` Simulator: ${info.baseUrl}   (state: ${info.url}/__sim/state)`,
		` Credential "Bandwidth WebRTC (simulator)": account ${info.accountId}, ${SIM_DEFAULTS.username} / ${SIM_DEFAULTS.password}`,
		` Credential "${brtcCred.name}": account ${info.accountId}, OAuth2 client ${SIM_DEFAULTS.clientId} / ${SIM_DEFAULTS.clientSecret}`,
		` Credential "${callbackCred.name}": secret ${DEV_CALLBACK_SECRET} (the trigger sample checks it)`,
		...(realCred ? [` Credential "Bandwidth WebRTC (real API)": account ${real.accountId} at ${real.baseUrl}`] : []),
		'',
		' Workflows:',
		`   ${baseUrl}/workflow/${IDS.brtcWorkflow}   (Execute workflow: BRTC endpoint, then the list)`,
		`   ${baseUrl}/workflow/${IDS.sessionWorkflow}   (Execute workflow: WebRTC v1 session, participant, list)`,
		`   ${baseUrl}/workflow/${IDS.triggerWorkflow}   (active; Production URL ${triggerUrl}, callbacks need ?secret=${DEV_CALLBACK_SECRET})`,
		`   ${baseUrl}/workflow/${IDS.agentWorkflow}   (Execute workflow: AI Agent + Bandwidth WebRTC Tool; model: ${model.baseUrl}, scripted)`,
		...(realCred ? [`   ${baseUrl}/workflow/${IDS.realWorkflow}   (same against the real API)`] : []),
		...fixtures.exampleNames().map((name, index) => `   ${baseUrl}/workflow/bwDevExample${String(index + 1).padStart(4, '0')}   (examples/${name}.json)`),
		'',
		' The sample participant gets the trigger (with ?secret=) as its callbackUrl. After running the first',
		' workflow, send an event (the participant id is in the output):',
		`   curl -s -X POST ${info.url}/__sim/participants/<participantId>/events \\`,
		'        -H "content-type: application/json" -d \'{"event":"onConnect"}\'',
		' and look at the trigger workflow\'s executions.',
		'',
		` Changed the node? Ctrl-C and \`${devCommand}\` again (it rebuilds and reloads).`,
		' Ctrl-C stops n8n and the simulator.',
		'='.repeat(78),
		'',
	];
	process.stdout.write(lines.join('\n'));

	// Run until Ctrl-C, or until one of the two stops on its own.
	const first = await Promise.race([up.n8n.exited.then((r) => ['n8n', r]), sim.child.exited.then((r) => ['simulator', r])]);
	if (stopping) return;
	say(`${first[0]} exited on its own (code ${first[1].code}, signal ${first[1].signal}); stopping the rest.`);
	await processes.stopAll();
	await model.close();
	process.exitCode = 1;
}

/** The sample workflows: a BRTC endpoint and a v1 session + participant against the simulator, the trigger, and the real API's. */
function sampleWorkflows({ baseUrl, simCred, brtcCred, realCred, callbackCred, openAiCred }) {
	// The node adds the callback credential's secret to this URL when it sends it to Bandwidth.
	const callbackUrl = fixtures.productionWebhookUrl(baseUrl, IDS.webhookId);
	return {
		brtc: fixtures.endpointWorkflow({ id: IDS.brtcWorkflow, name: 'Bandwidth BRTC sample: create and list endpoints (simulator)', cred: brtcCred }),
		// examples/agent.json as shipped, with the dev credentials.
		agent: agentWorkflow({ id: IDS.agentWorkflow, openAiCred, brtcCred }),
		session: fixtures.sessionWorkflow({
			id: IDS.sessionWorkflow,
			name: 'Bandwidth WebRTC sample: session + participant (simulator)',
			cred: simCred,
			sessionTag: 'dev-session',
			participantTag: 'dev-participant',
			callbackUrl,
			callbackCred,
		}),
		trigger: fixtures.triggerWorkflow({
			id: IDS.triggerWorkflow,
			name: 'Bandwidth WebRTC sample: participant events',
			webhookId: IDS.webhookId,
			callbackCred,
		}),
		// examples/ as a user imports them, with the simulator's BRTC credential picked (inactive:
		// activate call-link and phone-to-browser to use their webhooks).
		...Object.fromEntries(
			fixtures.exampleNames().map((name, index) => [
				`example-${name}`,
				{ ...fixtures.exampleWorkflow(name, brtcCred), id: `bwDevExample${String(index + 1).padStart(4, '0')}`, active: false },
			]),
		),
		...(realCred && {
			real: fixtures.sessionWorkflow({
				id: IDS.realWorkflow,
				name: 'Bandwidth WebRTC sample: session + participant (real API)',
				cred: realCred,
				sessionTag: 'n8n-dev-session',
				participantTag: 'n8n-dev-participant',
			}),
		}),
	};
}

if (process.argv.includes('--queue')) {
	process.argv.push('--keep');
	require('../test/queue/run');
} else {
	main().catch(async (err) => {
		process.stderr.write(`dev: ${process.env.DEBUG ? (err?.stack ?? err) : (err?.message ?? err)}\n`);
		await processes.stopAll();
		process.exitCode = 1;
	});
}
