'use strict';
// The real n8n app (test/e2e/node_modules/n8n, 2.8.4) plus the WebRTC simulator, each in its own
// process group. Shared by `npm run dev` (scripts/dev.js) and `npm run test:e2e` (test/e2e/run.js).
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const path = require('path');

const procs = require('./procs');
const { describeLine } = require('../../test/e2e/lines');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const E2E_DIR = path.join(REPO_ROOT, 'test', 'e2e');
const E2E_MODULES = path.join(E2E_DIR, 'node_modules');
const N8N_BIN = path.join(E2E_MODULES, 'n8n', 'bin', 'n8n');

/** The n8n line (test/e2e/lines.js) that n8nCli, startN8n and installPackageInto use. */
let line = describeLine('default');

function useLine(selected) {
	line = selected;
}

function currentLine() {
	return line;
}
const PACKAGE_NAME = 'n8n-nodes-bandwidth-webrtc';

const SIM_DEFAULTS = { accountId: '9900000', username: 'sim-user', password: 'sim-pass' };

/** Runs the package's own build (`npm run build` at the root). */
async function buildPackage({ logFile } = {}) {
	const res = await procs.runCommand('npm', ['run', 'build'], { cwd: REPO_ROOT, env: process.env, timeoutMs: 5 * 60_000, logFile });
	if (res.code !== 0) {
		throw new Error(`npm run build failed (exit ${res.code}):\n${(res.stdout + res.stderr).trim().split('\n').slice(-30).join('\n')}`);
	}
}

/** Files the package.json `n8n` field lists that are missing from dist/ (n8n then refuses the whole package). */
function missingDistFiles() {
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
	const listed = [...(pkg.n8n?.credentials ?? []), ...(pkg.n8n?.nodes ?? [])];
	return listed.filter((file) => !fs.existsSync(path.join(REPO_ROOT, file)));
}

function copyDir(from, to) {
	fs.cpSync(from, to, { recursive: true, dereference: true });
}

/**
 * Installs the built package into `<userFolder>/.n8n/nodes/node_modules/<package>` the way n8n's
 * community-package installer leaves it (a real folder with package.json and dist/), so n8n 2.8.4
 * loads it as `n8n-nodes-bandwidth-webrtc.*` node types. A copy, not a symlink: Node resolves a
 * symlink to its real path and would then load the repo's own n8n-workflow (a second copy, which
 * breaks n8n's instanceof checks). `n8n-workflow` beside it points at the app's own copy.
 */
function installPackageInto(userFolder) {
	const modules = path.join(userFolder, '.n8n', 'nodes', 'node_modules');
	const target = path.join(modules, PACKAGE_NAME);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	fs.copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(target, 'package.json'));
	for (const file of ['index.js', 'LICENSE.md', 'README.md']) {
		if (fs.existsSync(path.join(REPO_ROOT, file))) fs.copyFileSync(path.join(REPO_ROOT, file), path.join(target, file));
	}
	copyDir(path.join(REPO_ROOT, 'dist'), path.join(target, 'dist'));
	const workflowLink = path.join(modules, 'n8n-workflow');
	fs.rmSync(workflowLink, { recursive: true, force: true });
	fs.symlinkSync(line.workflowModule, workflowLink, 'dir');
	// n8n's `npm install` of community packages keeps a package.json here; an empty one is enough.
	const nodesPkg = path.join(userFolder, '.n8n', 'nodes', 'package.json');
	if (!fs.existsSync(nodesPkg)) fs.writeFileSync(nodesPkg, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	return target;
}

/** Environment for every n8n process of one instance (server and CLI commands). */
function n8nEnv({ userFolder, port, encryptionKey, brokerPort, logLevel = 'info', extra = {} }) {
	const env = { ...process.env };
	// Nothing of the parent's n8n settings leaks in.
	for (const key of Object.keys(env)) if (key.startsWith('N8N_') || key.startsWith('DB_')) delete env[key];
	delete env.NODE_OPTIONS;
	return {
		...env,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}`,
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		// Verified-package listing is fetched from n8n's servers: unreachable here, and not needed.
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'true',
		N8N_LOG_LEVEL: logLevel,
		N8N_LOG_OUTPUT: 'console',
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		NO_COLOR: '1',
		...extra,
	};
}

/** The line's Node.js first on PATH, so that what n8n starts (its task runner) uses it too. */
function withLineNode(env) {
	if (line.nodeBin === process.execPath) return env;
	return { ...env, PATH: `${path.dirname(line.nodeBin)}${path.delimiter}${env.PATH ?? ''}` };
}

/** Runs `n8n <args>` to completion; throws with its output when it fails. */
async function n8nCli(env, args, { logFile, timeoutMs = 3 * 60_000, allowFailure = false } = {}) {
	const res = await procs.runCommand(line.nodeBin, [line.n8nBin, ...args], { cwd: env.N8N_USER_FOLDER, env: withLineNode(env), timeoutMs, logFile });
	if (res.code !== 0 && !allowFailure) {
		throw new Error(`n8n ${args.join(' ')} failed (exit ${res.code}):\n${(res.stdout + res.stderr).trim().split('\n').slice(-40).join('\n')}`);
	}
	return res;
}

/** Starts the simulator (`test/simulator/cli.ts`) and waits for its JSON line. */
async function startSimulator({ port = 0, logFile, echo = false, env: extraEnv = {} } = {}) {
	const child = procs.startProcess(
		'simulator',
		process.execPath,
		['-r', 'ts-node/register/transpile-only', path.join('test', 'simulator', 'cli.ts'), '--port', String(port)],
		{ cwd: REPO_ROOT, env: { ...process.env, ...extraEnv, TS_NODE_PROJECT: path.join(REPO_ROOT, 'tsconfig.json') }, logFile, echo },
	);
	const info = await procs.waitForLine(
		child,
		(line) => {
			const trimmed = line.trim();
			if (!trimmed.startsWith('{')) return null;
			try {
				const parsed = JSON.parse(trimmed);
				return parsed.baseUrl ? parsed : null;
			} catch {
				return null;
			}
		},
		{ timeoutMs: 60_000, what: 'simulator' },
	);
	return { child, info };
}

/**
 * Starts `n8n start` and waits until it is fully up: /healthz answers as soon as the port is open,
 * but the REST controllers are mounted a little later; n8n prints "Editor is now accessible via"
 * once everything is in place.
 */
async function startN8n(env, { logFile, echo = false, timeoutMs = 180_000 } = {}) {
	const child = procs.startProcess('n8n', line.nodeBin, [line.n8nBin, 'start'], { cwd: env.N8N_USER_FOLDER, env: withLineNode(env), logFile, echo });
	const ready = procs.waitForLine(child, (line) => line.includes('Editor is now accessible'), { timeoutMs, what: 'n8n' });
	ready.catch(() => {}); // reported below
	const base = `http://127.0.0.1:${env.N8N_PORT}`;
	await procs.waitForHttp(`${base}/healthz`, { timeoutMs, child, what: 'n8n' });
	await ready;
	await procs.waitForHttp(`${base}/rest/settings`, { timeoutMs: 30_000, child, what: 'n8n REST API' });
	return child;
}

/** A new encryption key, or the one kept in `file` (created on first use). */
function encryptionKeyFrom(file) {
	if (file && fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
	const key = crypto.randomBytes(24).toString('hex');
	if (file) fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
	return key;
}

/**
 * Minimal JSON-over-HTTP client for n8n's REST API: keeps the `n8n-auth` cookie, no keep-alive
 * (nothing stays open after a test).
 */
/** A JSON request over plain http (no keep-alive); resolves {status, headers, text, json}. */
function requestJson(method, url, { body, headers = {}, auth, timeoutMs = 30_000 } = {}) {
	const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
	return new Promise((resolve, reject) => {
		const req = http.request(
			new URL(url),
			{
				method,
				agent: false,
				timeout: timeoutMs,
				auth,
				headers: {
					accept: 'application/json',
					...(payload !== undefined && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
					...headers,
				},
			},
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let json;
					try {
						json = text ? JSON.parse(text) : undefined;
					} catch {
						json = undefined;
					}
					resolve({ status: res.statusCode, headers: res.headers, text, json });
				});
				res.on('error', reject);
			},
		);
		req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)));
		req.on('error', reject);
		req.end(payload);
	});
}

class RestClient {
	constructor(baseUrl) {
		this.baseUrl = baseUrl.replace(/\/+$/, '');
		this.cookies = new Map();
	}

	get cookieHeader() {
		return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	async request(method, urlPath, body, { headers = {}, timeoutMs = 30_000 } = {}) {
		const response = await requestJson(method, new URL(urlPath, `${this.baseUrl}/`), {
			body,
			timeoutMs,
			headers: {
				// n8n's browser-id check on authenticated REST calls
				'browser-id': 'n8n-e2e-browser-id',
				...(this.cookies.size && { cookie: this.cookieHeader }),
				...headers,
			},
		});
		for (const raw of [].concat(response.headers['set-cookie'] ?? [])) {
			const [pair] = raw.split(';');
			const eq = pair.indexOf('=');
			if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
		}
		return response;
	}


	/** Like request, but throws unless 2xx; returns the body's `data` when it has one. */
	async call(method, urlPath, body, opts) {
		const res = await this.request(method, urlPath, body, opts);
		if (res.status < 200 || res.status > 299) {
			throw new Error(`${method} ${urlPath} answered ${res.status}: ${res.text.slice(0, 500)}`);
		}
		return res.json && typeof res.json === 'object' && 'data' in res.json ? res.json.data : res.json;
	}
}

/**
 * Calls `fn` until it stops answering 404: n8n answers /healthz and /rest/settings a moment before
 * every controller is mounted (seen under load: POST /rest/owner/setup -> "Cannot POST").
 */
async function untilRouteMounted(fn, { timeoutMs = 60_000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const res = await fn();
		if (res.status !== 404 || Date.now() > deadline) return res;
		await procs.sleep(500);
	}
}

/** Creates the instance owner when n8n still shows its setup page; returns whether it did. */
async function ensureOwner(rest, owner) {
	const settings = await rest.call('GET', '/rest/settings');
	const needsSetup = settings?.userManagement?.showSetupOnFirstLoad;
	if (needsSetup === false) return false;
	const res = await untilRouteMounted(() => rest.request('POST', '/rest/owner/setup', owner));
	if (res.status >= 200 && res.status < 300) return true;
	// Already set up (another run of dev against the same folder): fine, login will tell.
	if (res.status === 400 && /already/i.test(res.text)) return false;
	throw new Error(`POST /rest/owner/setup answered ${res.status}: ${res.text.slice(0, 300)}`);
}

async function login(rest, { email, password }) {
	const res = await untilRouteMounted(() => rest.request('POST', '/rest/login', { emailOrLdapLoginId: email, password }));
	if (res.status < 200 || res.status > 299) throw new Error(`POST /rest/login answered ${res.status}: ${res.text.slice(0, 300)}`);
	return res.json?.data ?? res.json;
}

/**
 * Activates a workflow through the REST API, as the editor's toggle does, and waits until its
 * triggers are live. n8n 2.8.4 registers them before it answers. n8n 2.41 publishes through an
 * outbox and registers them a moment later (the line's `publicationStatus`): poll its publication
 * status, and show a failed registration as itself. There the route must exist: a 404 fails.
 */
async function activateWorkflow(rest, workflowId, versionId, { timeoutMs = 60_000 } = {}) {
	const activated = await rest.call('POST', `/rest/workflows/${workflowId}/activate`, { versionId });
	if (!line.publicationStatus) return activated;
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const res = await rest.request('GET', `/rest/workflows/${workflowId}/publication-status`);
		if (res.status !== 200) throw new Error(`publication status of workflow ${workflowId}: ${res.status} ${res.text}`);
		const status = res.json?.data ?? res.json;
		if (status.status === 'published') return activated;
		if (status.status === 'failed' || status.status === 'partial') {
			throw new Error(`n8n could not publish workflow ${workflowId}: ${JSON.stringify(status)}`);
		}
		if (Date.now() > deadline) throw new Error(`workflow ${workflowId} not published after ${timeoutMs / 1000} s: ${JSON.stringify(status)}`);
		await procs.sleep(200);
	}
}

/** Writes `value` as JSON to a file in `dir` and returns its path. */
function writeJson(dir, name, value) {
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, name);
	fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
	return file;
}

/** Parses the JSON document that `n8n execute --rawOutput` prints (log lines may come before it). */
function parseRawOutput(stdout) {
	const start = stdout.search(/^\{/m);
	if (start < 0) throw new Error(`No JSON in n8n execute output:\n${stdout.slice(-2000)}`);
	const text = stdout.slice(start);
	// The document ends at the last closing brace at the start of a line.
	const end = text.lastIndexOf('\n}');
	return JSON.parse(end >= 0 ? text.slice(0, end + 2) : text);
}

module.exports = {
	REPO_ROOT,
	E2E_DIR,
	E2E_MODULES,
	N8N_BIN,
	useLine,
	currentLine,
	PACKAGE_NAME,
	SIM_DEFAULTS,
	buildPackage,
	missingDistFiles,
	installPackageInto,
	n8nEnv,
	n8nCli,
	startSimulator,
	startN8n,
	encryptionKeyFrom,
	RestClient,
	requestJson,
	ensureOwner,
	login,
	activateWorkflow,
	writeJson,
	parseRawOutput,
};
