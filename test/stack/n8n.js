'use strict';
// The real n8n app of one line (test/e2e/lines.js) with this package installed: its environment,
// its CLI, its server and worker processes, its owner account and workflow activation.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const processes = require('./processes');
const { REPO_ROOT } = require('./simulator');
const { describeLine } = require('../e2e/lines');

const PACKAGE_NAME = 'n8n-nodes-bandwidth-webrtc';

/** Runs the package's own build (`npm run build` at the root). */
async function buildPackage({ logFile } = {}) {
	const res = await processes.runCommand('npm', ['run', 'build'], { cwd: REPO_ROOT, timeoutMs: 5 * 60_000, logFile });
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

/** A new encryption key, or the one kept in `file` (created on first use). */
function encryptionKeyFrom(file) {
	if (file && fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
	const key = crypto.randomBytes(24).toString('hex');
	if (file) fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
	return key;
}

/** Writes `value` as JSON to a file in `dir` and returns its path. */
function writeJson(dir, name, value) {
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, name);
	fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
	return file;
}

/** Environment for every n8n process of one instance (server, worker, webhook and CLI commands). */
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

/**
 * Calls `fn` until it stops answering 404: n8n answers /healthz and /rest/settings a moment before
 * every controller is mounted (seen under load: POST /rest/owner/setup -> "Cannot POST").
 */
async function untilRouteMounted(fn, { timeoutMs = 60_000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const res = await fn();
		if (res.status !== 404 || Date.now() > deadline) return res;
		await processes.sleep(500);
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

/** One n8n line's app: the default line unless another is given (`--n8n=latest`). */
function n8nApp(line = describeLine('default')) {
	/** The line's Node.js first on PATH, so that what n8n starts (its task runner) uses it too. */
	const withLineNode = (env) =>
		line.nodeBin === process.execPath ? env : { ...env, PATH: `${path.dirname(line.nodeBin)}${path.delimiter}${env.PATH ?? ''}` };

	/** Starts `n8n <args>` (start, worker, webhook) as a long-running process. */
	function startProcess(name, env, args, { logFile, echo = false } = {}) {
		return processes.startProcess(name, line.nodeBin, [line.n8nBin, ...args], { cwd: env.N8N_USER_FOLDER, env: withLineNode(env), logFile, echo });
	}

	return {
		line,

		/**
		 * Installs the built package into `<userFolder>/.n8n/nodes/node_modules/<package>` the way
		 * n8n's community-package installer leaves it (a real folder with package.json and dist/), so
		 * n8n loads it as `n8n-nodes-bandwidth-webrtc.*` node types. A copy, not a symlink: Node
		 * resolves a symlink to its real path and would then load the repo's own n8n-workflow (a
		 * second copy, which breaks n8n's instanceof checks). `n8n-workflow` beside it points at the
		 * app's own copy.
		 */
		installPackageInto(userFolder) {
			const modules = path.join(userFolder, '.n8n', 'nodes', 'node_modules');
			const target = path.join(modules, PACKAGE_NAME);
			fs.rmSync(target, { recursive: true, force: true });
			fs.mkdirSync(target, { recursive: true });
			for (const file of ['package.json', 'index.js', 'LICENSE.md', 'README.md']) {
				if (fs.existsSync(path.join(REPO_ROOT, file))) fs.copyFileSync(path.join(REPO_ROOT, file), path.join(target, file));
			}
			fs.cpSync(path.join(REPO_ROOT, 'dist'), path.join(target, 'dist'), { recursive: true, dereference: true });
			const workflowLink = path.join(modules, 'n8n-workflow');
			fs.rmSync(workflowLink, { recursive: true, force: true });
			fs.symlinkSync(line.workflowModule, workflowLink, 'dir');
			// n8n's `npm install` of community packages keeps a package.json here; an empty one is enough.
			const nodesPkg = path.join(userFolder, '.n8n', 'nodes', 'package.json');
			if (!fs.existsSync(nodesPkg)) fs.writeFileSync(nodesPkg, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
			return target;
		},

		/** Runs `n8n <args>` to completion; throws with its output when it fails. */
		async cli(env, args, { logFile, timeoutMs = 3 * 60_000, allowFailure = false } = {}) {
			const res = await processes.runCommand(line.nodeBin, [line.n8nBin, ...args], { cwd: env.N8N_USER_FOLDER, env: withLineNode(env), timeoutMs, logFile });
			if (res.code !== 0 && !allowFailure) {
				throw new Error(`n8n ${args.join(' ')} failed (exit ${res.code}):\n${(res.stdout + res.stderr).trim().split('\n').slice(-40).join('\n')}`);
			}
			return res;
		},

		startProcess,

		/** The executions of a workflow, newest first, as the executions list answers them (`limit`: 1–100). */
		async listExecutions(rest, workflowId, { limit = 100 } = {}) {
			const filter = encodeURIComponent(JSON.stringify({ workflowId }));
			const data = await rest.call('GET', `/rest/executions?filter=${filter}&limit=${limit}`);
			return data.results;
		},

		/** Polls the list until `predicate(executions)` holds or the time is up; returns the last list. */
		async waitForExecutions(rest, workflowId, predicate, { timeoutMs = 20_000, limit = 100 } = {}) {
			const deadline = Date.now() + timeoutMs;
			let list = [];
			while (Date.now() < deadline) {
				list = await this.listExecutions(rest, workflowId, { limit });
				if (predicate(list)) return list;
				await processes.sleep(250);
			}
			return list;
		},

		/** One execution with its data parsed (`{...execution, data: IRunExecutionData}`): n8n stores it with `flatted`, read with the app's own copy. */
		async getExecution(rest, id) {
			const execution = await rest.call('GET', `/rest/executions/${id}`);
			if (typeof execution.data !== 'string') return execution;
			return { ...execution, data: require(path.join(line.modules, 'flatted')).parse(execution.data) };
		},

		/**
		 * Starts `n8n start` and waits until it is fully up: /healthz answers as soon as the port is
		 * open, but the REST controllers are mounted a little later; n8n prints "Editor is now
		 * accessible via" once everything is in place.
		 */
		async start(env, { logFile, echo = false, timeoutMs = 180_000 } = {}) {
			const child = startProcess('n8n', env, ['start'], { logFile, echo });
			const ready = processes.waitForLine(child, (text) => text.includes('Editor is now accessible'), { timeoutMs, what: 'n8n' });
			ready.catch(() => {}); // reported below
			const base = `http://127.0.0.1:${env.N8N_PORT}`;
			await processes.waitForHttp(`${base}/healthz`, { timeoutMs, child, what: 'n8n' });
			await ready;
			await processes.waitForHttp(`${base}/rest/settings`, { timeoutMs: 30_000, child, what: 'n8n REST API' });
			return child;
		},

		/**
		 * Activates a workflow through the REST API, as the editor's toggle does, and waits until its
		 * triggers are live. Where the line has no publication status (2.8.4), n8n registers them
		 * before it answers. Where it has (the latest line), activation goes through an outbox and
		 * registers them a moment later: poll the status, and show a failed registration as itself.
		 */
		async activateWorkflow(rest, workflowId, versionId, { timeoutMs = 60_000 } = {}) {
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
				await processes.sleep(200);
			}
		},
	};
}

module.exports = {
	PACKAGE_NAME,
	buildPackage,
	missingDistFiles,
	encryptionKeyFrom,
	writeJson,
	n8nEnv,
	ensureOwner,
	login,
	n8nApp,
};
