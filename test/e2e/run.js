#!/usr/bin/env node
'use strict';
// End-to-end tests against the real n8n app (the default line of test/e2e/package.json, or the
// newest line with --n8n=latest) with this package loaded and the WebRTC simulator as the API:
//
//   npm run test:e2e            (node test/e2e/run.js)
//
// 1. finds Debian's Chromium (installs it with apt-get when root and CI=true);
// 2. brings the stack up (test/stack/bringUp.js: installs the line when missing, builds the
//    package, starts the simulator and n8n on 127.0.0.1 with free ports and a fresh user folder
//    under test/e2e/.run/<line>/, imports two credentials (API user, callback secret) and two
//    workflows with n8n's CLI, creates the owner);
// 3. runs test/e2e/tests/*.test.js with `node --test` (one file after another) and prints a
//    summary; exits 1 when a check failed;
// 4. stops every process it started (process groups), also on Ctrl-C.
//
// Options: --skip-build (use dist/ as it is), --keep (keep the run folder even on success),
// --update-docs (write the screenshots into docs/ instead of the run folder), --only=01,07 (only the
// check files whose names start so).
// Environment: E2E_CHROMIUM_PATH (default /usr/bin/chromium), E2E_REQUIRE_BROWSER=1 (a missing
// browser fails the run instead of skipping the browser check).
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const processes = require('../stack/processes');
const fixtures = require('../stack/fixtures');
const { bringUp } = require('../stack/bringUp');
const { newRunFolder, secret } = require('../stack/runs');
const { REPO_ROOT, simulatorEnv } = require('../stack/simulator');
const { lineFromArgs, describeLine, LINE_NAMES } = require('./lines');

const E2E_DIR = __dirname;
const TESTS_DIR = path.join(E2E_DIR, 'tests');
const args = new Set(process.argv.slice(2));
// `--n8n=latest`: the newest n8n line (test/e2e/lines/latest) instead of the default one.
const n8nLine = lineFromArgs();
// Each line keeps its runs in a folder of its own (test/e2e/.run/<line>/): a run of one line
// removes its own older runs, never the kept logs of the other line's failed run.
const RUNS_ROOT = path.join(E2E_DIR, '.run');
const RUNS_DIR = path.join(RUNS_ROOT, n8nLine.name);

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const say = (msg) => process.stdout.write(`e2e [${elapsed()}] ${msg}\n`);

async function resolveBrowser() {
	const exe = process.env.E2E_CHROMIUM_PATH || '/usr/bin/chromium';
	if (fs.existsSync(exe)) return { executablePath: exe };
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (isRoot && process.env.CI === 'true' && !process.env.E2E_CHROMIUM_PATH) {
		say('Chromium is missing: installing Debian\'s chromium with apt-get (root, CI=true)...');
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		const update = await processes.runCommand('apt-get', ['update'], { env, timeoutMs: 10 * 60_000 });
		const install = await processes.runCommand('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { env, timeoutMs: 15 * 60_000 });
		if (fs.existsSync(exe)) return { executablePath: exe };
		return {
			skip: `Chromium could not be installed (apt-get update exit ${update.code}, apt-get install exit ${install.code}): ${install.stderr.trim().split('\n').slice(-3).join(' | ')}`,
		};
	}
	return {
		skip: `Chromium not found at ${exe}. Install it with "apt-get install -y chromium" (the runner does so itself when run as root with CI=true), or set E2E_CHROMIUM_PATH.`,
	};
}

function printSummary(results, { exitCode, runDir, kept }) {
	const line = '─'.repeat(78);
	const out = [];
	out.push('', line, `E2E SUMMARY (real n8n ${n8nLine.n8nVersion} + WebRTC simulator)`, line);
	const symbol = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP', todo: 'TODO' };
	let lastSkip;
	for (const r of results) {
		const file = r.file ? path.basename(r.file) : '';
		out.push(`${symbol[r.outcome] ?? r.outcome}  ${file ? `${file} > ` : ''}${r.name}  (${(r.durationMs / 1000).toFixed(1)} s)`);
		if (r.outcome === 'skip' && r.skip && r.skip !== lastSkip) out.push(`      skipped: ${r.skip}`);
		if (r.outcome === 'skip') lastSkip = r.skip;
		if (r.outcome === 'fail' && r.error) out.push(...r.error.split('\n').map((l) => `      ${l}`));
	}
	const count = (o) => results.filter((r) => r.outcome === o).length;
	out.push(line);
	// The counts alone on their line, in the form CI reads.
	out.push(`e2e: ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`);
	out.push(`${results.length} checks in all; ${elapsed()}`);
	if (kept) out.push(`Logs and n8n user folder kept in ${path.relative(process.cwd(), runDir) || runDir}`);
	const skipped = count('skip');
	if (exitCode !== 0) out.push('RESULT: FAIL');
	else if (skipped) out.push(`RESULT: PASS, but ${skipped} check(s) were SKIPPED and verified nothing (see above)`);
	else out.push('RESULT: PASS');
	out.push(line, '');
	process.stdout.write(out.join('\n'));
}

async function main() {
	let exitCode = 1;
	let runDir;
	let results = [];
	let keep = args.has('--keep');
	const stopHandlers = processes.onTerminate(async () => {
		await processes.stopAll();
		if (runDir) processes.killByCmdlineMarker(runDir);
		if (runDir) process.stdout.write(`Stopped. Logs in ${runDir}\n`);
	});

	try {
		say(`n8n ${n8nLine.n8nVersion} (line "${n8nLine.name}") on Node.js ${n8nLine.nodePackage ?? process.version}`);
		const browser = await resolveBrowser();
		if (browser.skip && process.env.E2E_REQUIRE_BROWSER === '1') throw new Error(browser.skip);
		if (browser.skip) say(`browser check will be SKIPPED: ${browser.skip}`);

		// A fresh run folder; this line's older runs go, and the run folders of the time before
		// lines (directly in .run/).
		fs.mkdirSync(RUNS_ROOT, { recursive: true });
		const unlined = fs.readdirSync(RUNS_ROOT).filter((name) => !LINE_NAMES.includes(name)).map((name) => path.join(RUNS_ROOT, name));
		runDir = newRunFolder(RUNS_DIR, { alsoRemove: unlined });
		const userFolder = path.join(runDir, 'n8n-user');
		fs.mkdirSync(userFolder, { recursive: true });
		const logs = {
			n8n: path.join(runDir, 'n8n.log'),
			cli: path.join(runDir, 'n8n-cli.log'),
			simulator: path.join(runDir, 'simulator.log'),
			tests: path.join(runDir, 'tests.log'),
			results: path.join(runDir, 'results.jsonl'),
		};

		// Distinctive secrets, so that test 05 can look for them in every log and in the database.
		const simUser = {
			username: 'e2e-api-user',
			password: secret('E2ePw-'),
			accountId: '9900000',
			clientId: 'e2e-oauth-client',
			clientSecret: secret('E2eCs-'),
		};
		const webhookId = crypto.randomUUID();
		const triggerSecret = secret('trg-');
		const callbackCred = fixtures.callbackCredential({ id: 'bwE2eCredCallbk1', name: 'Bandwidth WebRTC callback secret (e2e)', secret: triggerSecret });
		let cred;
		let workflows;
		const owner = { email: 'e2e-owner@example.com', firstName: 'E2E', lastName: 'Owner', password: secret('Owner1-') };

		const up = await bringUp({
			line: n8nLine,
			say,
			build: args.has('--skip-build') ? 'never' : 'always',
			userFolder,
			logFile: (name) => logs[name === 'n8n-cli' ? 'cli' : name],
			simulator: { env: simulatorEnv(simUser) },
			importDir: path.join(runDir, 'import'),
			owner,
			imports: ({ sim, baseUrl }) => {
				cred = fixtures.credential({
					id: 'bwE2eCredSim0001',
					name: 'Bandwidth WebRTC (simulator)',
					accountId: sim.accountId,
					username: simUser.username,
					password: simUser.password,
					baseUrl: sim.baseUrl,
				});
				workflows = {
					// Its participant's Callback URL is the trigger's, with the secret added from the callback
					// credential as the README documents: (d) checks that it is in no execution, log or table.
					session: fixtures.sessionWorkflow({
						id: 'bwE2eFlowSession',
						name: 'E2E: session, participant, list',
						cred,
						callbackUrl: fixtures.productionWebhookUrl(baseUrl, webhookId),
						callbackCred,
					}),
					trigger: fixtures.triggerWorkflow({
						id: 'bwE2eFlowTrigger',
						name: 'E2E: participant events',
						webhookId,
						events: ['onConnect', 'onLeave'],
						callbackCred,
					}),
				};
				return { credentials: [cred, callbackCred], workflows };
			},
		});
		const { baseUrl, port } = up;

		const contextFile = path.join(runDir, 'context.json');
		const context = {
			runDir,
			userFolder,
			logs,
			// Screenshots go to the run folder; --update-docs refreshes the ones the README shows.
			docsDir: args.has('--update-docs') ? path.join(REPO_ROOT, 'docs') : path.join(runDir, 'screenshots'),
			n8n: { baseUrl, port, bin: n8nLine.n8nBin, e2eModules: describeLine('default').modules, line: n8nLine.name, version: n8nLine.n8nVersion },
			cliEnv: up.cliEnv,
			sim: { ...up.sim.info, ...simUser },
			owner,
			credential: { id: cred.id, name: cred.name, type: cred.type, wrongPassword: secret('Wrong-') },
			workflows: {
				session: { id: workflows.session.id, nodeNames: workflows.session.nodes.map((n) => n.name) },
				trigger: {
					id: workflows.trigger.id,
					webhookId,
					secret: triggerSecret,
					callbackCredential: { id: callbackCred.id, name: callbackCred.name, type: callbackCred.type },
					events: ['onConnect', 'onLeave'],
					productionUrl: fixtures.productionWebhookUrl(baseUrl, webhookId),
					nodeName: workflows.trigger.nodes[0].name,
				},
			},
			browser,
		};
		fs.writeFileSync(contextFile, JSON.stringify(context, null, 2), { mode: 0o600 });

		// 3. The checks.
		// `--only=01,07`: just the check files whose names start with one of these (a developer's
		// shortcut; CI runs them all).
		const only = (process.argv.find((a) => a.startsWith('--only=')) || '').slice('--only='.length).split(',').filter(Boolean);
		const files = fs
			.readdirSync(TESTS_DIR)
			.filter((f) => f.endsWith('.test.js'))
			.filter((f) => !only.length || only.some((prefix) => f.startsWith(prefix)))
			.sort()
			.map((f) => path.join(TESTS_DIR, f));
		if (!files.length) throw new Error(`no check file matches --only=${only.join(',')}`);
		say(`running ${files.length} test files with node --test...`);
		const testRun = processes.startProcess(
			'tests',
			process.execPath,
			[
				'--test',
				'--test-concurrency=1',
				'--test-reporter=spec',
				'--test-reporter-destination=stdout',
				`--test-reporter=${path.join(E2E_DIR, 'lib', 'summary-reporter.mjs')}`,
				`--test-reporter-destination=${logs.results}`,
				...files,
			],
			{ cwd: REPO_ROOT, env: { ...process.env, E2E_CONTEXT: contextFile }, logFile: logs.tests, echo: false },
		);
		testRun.stdout.on('data', (c) => process.stdout.write(c));
		testRun.stderr.on('data', (c) => process.stderr.write(c));
		const { code } = await testRun.exited;
		if (fs.existsSync(logs.results)) {
			results = fs
				.readFileSync(logs.results, 'utf8')
				.split('\n')
				.filter(Boolean)
				.map((l) => JSON.parse(l))
				.filter((r) => r.nesting === 0 || r.outcome === 'fail');
		}
		const failed = results.some((r) => r.outcome === 'fail');
		exitCode = code === 0 && !failed && results.length > 0 ? 0 : 1;
		if (code !== 0 && !failed) results.push({ name: `node --test exited with code ${code}`, outcome: 'fail', durationMs: 0 });
	} catch (err) {
		results.push({ name: 'setup', outcome: 'fail', error: err && err.stack ? err.stack : String(err), durationMs: 0 });
		exitCode = 1;
	} finally {
		say('stopping n8n and the simulator...');
		await processes.stopAll();
		if (runDir) {
			// Anything left that was started for this run (a Chromium whose test process died hard).
			const strays = processes.killByCmdlineMarker(runDir);
			if (strays.length) say(`killed ${strays.length} stray process(es) of this run: ${strays.join(', ')}`);
		}
		stopHandlers();
		keep = keep || exitCode !== 0;
		if (runDir && !keep) {
			// The logs stay for a look; the n8n user folder (database), the browser profile and the
			// import files go.
			for (const entry of fs.readdirSync(runDir)) {
				if (entry === 'n8n-user' || entry === 'import' || entry === 'context.json' || entry.startsWith('chromium-profile-')) {
					fs.rmSync(path.join(runDir, entry), { recursive: true, force: true });
				}
			}
		}
		printSummary(results, { exitCode, runDir, kept: keep && runDir });
	}
	process.exitCode = exitCode;
}

main();
