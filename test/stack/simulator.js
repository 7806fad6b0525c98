'use strict';
// The simulator (test/simulator/cli.ts) as a process of its own, and a client for its /__sim
// control routes. Used by `npm run dev`, the e2e and queue-mode runs and the benchmark.
const path = require('path');

const processes = require('./processes');
const { requestJson } = require('./http');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The account, API user and OAuth2 client `npm run dev` gives the simulator. */
const SIM_DEFAULTS = { accountId: '9900000', username: 'sim-user', password: 'sim-pass', clientId: 'sim-client', clientSecret: 'sim-secret' };

/**
 * Starts the simulator and waits for the JSON line it prints once it listens ({url, baseUrl,
 * brtcBaseUrl, tokenUrl, accountId}). `env` sets its SIMULATOR_* variables; `tls` {keyFile,
 * certFile} makes it serve HTTPS.
 */
async function startSimulator({ port = 0, logFile, echo = false, env = {}, tls } = {}) {
	const args = ['-r', 'ts-node/register/transpile-only', path.join('test', 'simulator', 'cli.ts'), '--port', String(port)];
	if (tls) args.push('--tls-key', tls.keyFile, '--tls-cert', tls.certFile);
	const child = processes.startProcess('simulator', process.execPath, args, {
		cwd: REPO_ROOT,
		env: { ...process.env, ...env, TS_NODE_PROJECT: path.join(REPO_ROOT, 'tsconfig.json') },
		logFile,
		echo,
	});
	const info = await processes.waitForLine(child, readyLine, { timeoutMs: 60_000, what: 'simulator' });
	return { child, info, control: simulatorControl(info.url) };
}

function readyLine(line) {
	const trimmed = line.trim();
	if (!trimmed.startsWith('{')) return null;
	try {
		const parsed = JSON.parse(trimmed);
		return parsed.baseUrl ? parsed : null;
	} catch {
		return null;
	}
}

/** A run's account, API user and OAuth2 client, as the simulator's SIMULATOR_* variables. */
function simulatorEnv({ accountId, username, password, clientId, clientSecret }) {
	return {
		SIMULATOR_ACCOUNT_ID: accountId,
		SIMULATOR_USERNAME: username,
		SIMULATOR_PASSWORD: password,
		SIMULATOR_CLIENT_ID: clientId,
		SIMULATOR_CLIENT_SECRET: clientSecret,
	};
}

/** The simulator's control routes (`<url>/__sim/...`); each resolves the answer's JSON body. */
function simulatorControl(url) {
	const call = async (method, route, body) => {
		const res = await requestJson(method, `${url}/__sim/${route}`, { body, timeoutMs: 15_000 });
		if (res.status >= 300) throw new Error(`${method} /__sim/${route} answered ${res.status}: ${res.text.slice(0, 300)}`);
		return res.json;
	};
	return {
		call,
		state: () => call('GET', 'state'),
		requests: () => call('GET', 'requests'),
		reset: () => call('POST', 'reset'),
		latency: (ms) => call('POST', 'latency', { ms }),
		loadShedding: (maxInFlight) => call('POST', 'load-shedding', { maxInFlight }),
		/** Makes every OAuth2 access token issued so far invalid (401), as a revocation would. */
		revokeTokens: () => call('POST', 'revoke-tokens'),
	};
}

module.exports = { REPO_ROOT, SIM_DEFAULTS, startSimulator, simulatorEnv, simulatorControl };
