'use strict';
// The one start-up sequence of the real n8n app with this package and the simulator, shared by
// `npm run dev` (scripts/dev.js), `npm run test:e2e` (test/e2e/run.js), `npm run test:queue`
// (test/queue/run.js) and the benchmark's app section (scripts/bench-app.ts): the line installed,
// the package built and checked, the simulator, the n8n environment, the package in the user
// folder, credentials and workflows imported, n8n started, the owner. What they differ in comes in
// as options.
const fs = require('fs');
const path = require('path');

const processes = require('./processes');
const { RestClient } = require('./http');
const { startSimulator } = require('./simulator');
const n8n = require('./n8n');
const { ensureInstalled } = require('../e2e/install');

/**
 * @param {object} o
 * @param {object} o.line               the n8n line (test/e2e/lines.js)
 * @param {(msg: string) => void} o.say progress
 * @param {'always'|'keep-last-good'|'never'} [o.build]  'keep-last-good': a failed build only warns
 *                                       when dist/ from an earlier build is complete (npm run dev)
 * @param {string} o.userFolder         N8N_USER_FOLDER
 * @param {(name: string) => string} o.logFile  where each process logs ('simulator', 'n8n', 'n8n-cli')
 * @param {object} [o.simulator]        {port, env, tls}: the simulator's port, SIMULATOR_* settings and
 *                                       {keyFile, certFile} to serve HTTPS (the benchmark)
 * @param {number} [o.port]             n8n's port (default: a free one)
 * @param {string} [o.encryptionKey]    default: a new one (a run of its own)
 * @param {object} [o.env]              more n8n settings (queue mode)
 * @param {(up: {sim: object, baseUrl: string}) => {credentials: object[], workflows?: object}} o.imports
 *                                       what to import before n8n starts
 * @param {string} o.importDir          where the import files go (the credentials file is removed)
 * @param {object} o.owner              {email, password, firstName, lastName}
 * @param {boolean} [o.echo]            n8n's output on our stdout too
 */
async function bringUp(o) {
	const app = n8n.n8nApp(o.line);
	ensureInstalled({ log: o.say, line: o.line });
	await buildAsAsked(o.build ?? 'always', o.say);
	const missing = n8n.missingDistFiles();
	if (missing.length) throw new Error(`package.json's n8n field lists files missing from dist/ (n8n would refuse the package): ${missing.join(', ')}`);

	o.say('starting the simulator...');
	const sim = await startSimulator({ port: o.simulator?.port ?? 0, env: o.simulator?.env, tls: o.simulator?.tls, logFile: o.logFile('simulator') });
	o.say(`simulator at ${sim.info.url}`);

	const port = o.port ?? (await processes.freePort());
	const baseUrl = `http://127.0.0.1:${port}`;
	const encryptionKey = o.encryptionKey ?? n8n.encryptionKeyFrom();
	// Each n8n process gets a task-broker port of its own (the server, and CLI runs beside it).
	const envFor = async (processPort = port) =>
		n8n.n8nEnv({ userFolder: o.userFolder, port: processPort, encryptionKey, brokerPort: await processes.freePort(), extra: o.env });
	const env = await envFor();
	const cliEnv = await envFor();

	app.installPackageInto(o.userFolder);
	const { credentials, workflows = {} } = o.imports({ sim: sim.info, baseUrl });
	const cliLog = o.logFile('n8n-cli');
	const credFile = n8n.writeJson(o.importDir, 'credentials.json', credentials);
	// The credentials file holds passwords and secrets in clear: only while importing.
	try {
		o.say(`importing ${credentials.length} credential(s) and ${Object.keys(workflows).length} workflow(s) (n8n import:credentials / import:workflow)...`);
		await app.cli(env, ['import:credentials', `--input=${credFile}`], { logFile: cliLog });
		if (Object.keys(workflows).length) {
			const wfDir = path.join(o.importDir, 'workflows');
			for (const [key, wf] of Object.entries(workflows)) n8n.writeJson(wfDir, `${key}.json`, wf);
			await app.cli(env, ['import:workflow', '--separate', `--input=${wfDir}`], { logFile: cliLog });
		}
	} finally {
		fs.rmSync(credFile, { force: true });
	}

	o.say(`starting n8n ${o.line.n8nVersion} on ${baseUrl}...`);
	const started = Date.now();
	const n8nChild = await app.start(env, { logFile: o.logFile('n8n'), echo: o.echo });
	o.say(`n8n answered /healthz and /rest/settings after ${((Date.now() - started) / 1000).toFixed(1)} s`);

	const rest = new RestClient(baseUrl);
	const ownerCreated = await n8n.ensureOwner(rest, o.owner);
	// A new owner is logged in by its setup; an existing one (npm run dev's folder) logs in.
	let loginError;
	if (!ownerCreated) await n8n.login(rest, o.owner).catch((err) => (loginError = err));
	return { app, sim, port, baseUrl, env, cliEnv, envFor, n8n: n8nChild, rest, ownerCreated, loginError };
}

async function buildAsAsked(build, say) {
	if (build === 'never') return;
	say('building the package (npm run build)...');
	try {
		await n8n.buildPackage();
	} catch (err) {
		if (build !== 'keep-last-good' || n8n.missingDistFiles().length) throw err;
		say(`WARNING: the build failed, starting with the dist/ from the last good build.\n${err.message}`);
	}
}

module.exports = { bringUp };
