'use strict';
// Child processes that always die with us: each one is started in its own process group
// (detached) and stopped by signalling that group, so grandchildren (n8n's task runner,
// npm's workers, ts-node) go too. Used by scripts/dev.js and test/e2e/run.js.
const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');

/** Every process group we started and have not seen exit. */
const live = new Map(); // pid -> { name, child }

/**
 * Starts `command args` in a new process group. Output goes to `logFile` (appended) and, when
 * `echo` is set, to our own stdout prefixed with `[name]`. `onLine` sees every output line.
 */
function startProcess(name, command, args, { cwd, env, logFile, echo = false, onLine } = {}) {
	const child = spawn(command, args, {
		cwd,
		env,
		detached: true, // own process group: kill(-pid) reaches every descendant
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const log = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : null;
	const exited = new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			live.delete(child.pid);
			resolve({ code, signal });
		});
		child.on('error', (err) => {
			live.delete(child.pid);
			resolve({ code: -1, signal: null, error: err });
		});
	});
	child.exited = exited;
	child.procName = name;
	if (child.pid) live.set(child.pid, { name, child });

	for (const stream of [child.stdout, child.stderr]) {
		let pending = '';
		stream.on('data', (chunk) => {
			if (log) log.write(chunk);
			pending += chunk.toString('utf8');
			let nl;
			while ((nl = pending.indexOf('\n')) >= 0) {
				const line = pending.slice(0, nl);
				pending = pending.slice(nl + 1);
				if (echo) process.stdout.write(`[${name}] ${line}\n`);
				if (onLine) onLine(line);
			}
		});
	}
	exited.then(() => log && log.end());
	return child;
}

function groupAlive(pid) {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Stops a process group: SIGTERM (or `signal`), then SIGKILL after `graceMs` if anything of the
 * group is still there. Resolves once the group is gone.
 */
async function stopProcess(child, { graceMs = 8000, signal = 'SIGTERM' } = {}) {
	if (!child || !child.pid) return;
	const pid = child.pid;
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
	const deadline = Date.now() + graceMs;
	while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
	if (groupAlive(pid)) {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// gone meanwhile
		}
		const hard = Date.now() + 5000;
		while (groupAlive(pid) && Date.now() < hard) await sleep(50);
	}
	live.delete(pid);
}

/** Stops every group still running, newest first. */
async function stopAll(opts) {
	const entries = [...live.values()].reverse();
	for (const { child } of entries) await stopProcess(child, opts);
}

/** Last-resort synchronous kill, for process 'exit' handlers. */
function killAllSync() {
	for (const pid of live.keys()) {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// gone
		}
	}
	live.clear();
}

/** Runs a command to completion (own process group, killed on timeout); resolves {code, stdout, stderr}. */
function runCommand(command, args, { cwd, env, timeoutMs = 5 * 60_000, logFile, input } = {}) {
	return new Promise((resolve) => {
		const child = spawn(command, args, { cwd, env, detached: true, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
		if (child.pid) live.set(child.pid, { name: `${command} ${args[0] ?? ''}`, child });
		if (input !== undefined) child.stdin.end(input);
		const out = [];
		const err = [];
		const log = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : null;
		child.stdout.on('data', (c) => {
			out.push(c);
			if (log) log.write(c);
		});
		child.stderr.on('data', (c) => {
			err.push(c);
			if (log) log.write(c);
		});
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// gone
			}
		}, timeoutMs);
		const done = (code, error) => {
			clearTimeout(timer);
			live.delete(child.pid);
			if (log) log.end();
			resolve({
				code: timedOut ? -2 : code,
				timedOut,
				error,
				stdout: Buffer.concat(out).toString('utf8'),
				stderr: Buffer.concat(err).toString('utf8'),
			});
		};
		child.on('error', (e) => done(-1, e));
		child.on('close', (code) => {
			// The direct child is gone; make sure nothing of its group stayed behind.
			if (groupAlive(child.pid)) {
				try {
					process.kill(-child.pid, 'SIGKILL');
				} catch {
					// gone
				}
			}
			done(code);
		});
	});
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/** Whether something accepts connections on 127.0.0.1:port. */
function portInUse(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/** GET url with Node's client, no keep-alive; resolves {status, body} or null on a connection error. */
function httpGet(url, timeoutMs = 2000) {
	return new Promise((resolve) => {
		const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
			res.on('error', () => resolve(null));
		});
		req.on('timeout', () => req.destroy());
		req.on('error', () => resolve(null));
	});
}

/** Polls `url` until it answers 200, the process exits, or the time is up. */
async function waitForHttp(url, { timeoutMs = 120_000, child, what = url } = {}) {
	const deadline = Date.now() + timeoutMs;
	let exited = null;
	if (child) child.exited.then((r) => (exited = r));
	while (Date.now() < deadline) {
		if (exited) throw new Error(`${what}: the process exited (code ${exited.code}, signal ${exited.signal}) before it answered`);
		const res = await httpGet(url);
		if (res && res.status === 200) return res;
		await sleep(250);
	}
	throw new Error(`${what}: no answer at ${url} within ${Math.round(timeoutMs / 1000)} s`);
}

/** Waits for the first output line that `test` accepts (returns its result). */
function waitForLine(child, test, { timeoutMs = 60_000, what = child.procName } = {}) {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${what}: no expected output within ${timeoutMs / 1000} s`)), timeoutMs);
		const onData = (chunk) => {
			for (const line of chunk.toString('utf8').split('\n')) {
				const result = test(line);
				if (result) {
					clearTimeout(timer);
					child.stdout.off('data', onData);
					resolve(result);
					return;
				}
			}
		};
		child.stdout.on('data', onData);
		child.exited.then(({ code, signal }) => {
			clearTimeout(timer);
			reject(new Error(`${what} exited (code ${code}, signal ${signal}) before it was ready`));
		});
	});
}

/**
 * Calls `cleanup` once on SIGINT/SIGTERM/SIGHUP and exits (130/143 unless `exitCode` is given);
 * kills any group left on a plain exit. Returns a function that removes the handlers.
 */
function onTerminate(cleanup, { exitCode } = {}) {
	let running = false;
	const handler = (signal) => {
		if (running) {
			// A second Ctrl-C: stop waiting.
			killAllSync();
			process.exit(130);
		}
		running = true;
		process.stdout.write(`\n${signal} received, stopping...\n`);
		Promise.resolve()
			.then(cleanup)
			.catch((err) => process.stderr.write(`cleanup failed: ${err && err.stack}\n`))
			.finally(() => {
				killAllSync();
				process.exit(exitCode ?? (signal === 'SIGINT' ? 130 : 143));
			});
	};
	const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
	for (const s of signals) process.on(s, handler);
	process.on('exit', killAllSync);
	return () => {
		for (const s of signals) process.off(s, handler);
	};
}

/**
 * Pids (other than ours) whose command line contains `marker`, a path unique to one run, e.g. the
 * browser profile folder. Playwright starts Chromium in a process group of its own, so the group
 * kill of the test process does not reach it if that process dies hard.
 */
function pidsWithCmdline(marker) {
	const pids = [];
	let entries = [];
	try {
		entries = fs.readdirSync('/proc');
	} catch {
		return pids;
	}
	for (const entry of entries) {
		if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
		try {
			const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
			if (cmdline.includes(marker)) pids.push(Number(entry));
		} catch {
			// gone
		}
	}
	return pids;
}

/** SIGKILLs every process whose command line contains `marker`; returns the pids. */
function killByCmdlineMarker(marker) {
	const pids = pidsWithCmdline(marker);
	for (const pid of pids) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// gone
		}
	}
	return pids;
}

module.exports = {
	pidsWithCmdline,
	killByCmdlineMarker,
	startProcess,
	stopProcess,
	stopAll,
	killAllSync,
	runCommand,
	freePort,
	portInUse,
	httpGet,
	waitForHttp,
	waitForLine,
	onTerminate,
	sleep,
	live,
};
