'use strict';
// Child processes that always die with us. execa spawns them, tees their output into log files
// and reports their end; each runs in its own process group (detached), and stopping signals the
// whole group, so grandchildren (n8n's task runner, npm's workers, ts-node) go too.
// execa and get-port are ESM-only: require() of an ES module needs Node.js 20.19+, as n8n does.
const fs = require('fs');
const { execa } = require('execa');
const { default: getPort } = require('get-port');
const axios = require('axios');
const http = require('http');

/** Every process group we started and have not seen exit. */
const live = new Map(); // pid -> { name, child }

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** stdout/stderr: piped to us, and appended to `logFile` when there is one. */
const outputTo = (logFile) => (logFile ? ['pipe', { file: logFile, append: true }] : 'pipe');

/** Calls `onLine` with each complete line of a stream's output. */
function eachLine(stream, onLine) {
	let pending = '';
	stream.on('data', (chunk) => {
		pending += chunk.toString('utf8');
		let nl;
		while ((nl = pending.indexOf('\n')) >= 0) {
			onLine(pending.slice(0, nl));
			pending = pending.slice(nl + 1);
		}
	});
}

/**
 * Starts `command args` in a new process group. Output goes to `logFile` (appended) and, when
 * `echo` is set, to our own stdout prefixed with `[name]`. `child.exited` resolves {code, signal}.
 */
function startProcess(name, command, args, { cwd, env, logFile, echo = false } = {}) {
	const subprocess = execa(command, args, {
		cwd,
		env,
		extendEnv: false, // env is the whole environment: the callers leave some variables out on purpose
		detached: true, // own process group: kill(-pid) reaches every descendant
		stdin: 'ignore',
		stdout: outputTo(logFile),
		stderr: outputTo(logFile),
		buffer: false,
		reject: false,
	});
	// A plain object, not execa's subprocess: that one is a promise of the process's end, and an
	// async function returning it would wait for the process to exit.
	const child = {
		procName: name,
		pid: subprocess.pid,
		stdout: subprocess.stdout,
		stderr: subprocess.stderr,
		exited: subprocess.then(
			(result) => ({ code: result.exitCode ?? null, signal: result.signal ?? null }),
			(error) => ({ code: -1, signal: null, error }),
		),
	};
	child.exited.then(() => live.delete(child.pid));
	if (child.pid) live.set(child.pid, { name, child });
	for (const stream of [child.stdout, child.stderr]) {
		stream.resume(); // read even when nobody listens, or a full pipe would stall the process
		if (echo) eachLine(stream, (line) => process.stdout.write(`[${name}] ${line}\n`));
	}
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

function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}

/**
 * Stops a process group: SIGTERM (or `signal`), then SIGKILL after `graceMs` if anything of the
 * group is still there. Resolves once the group is gone. (Hand-written: execa signals only the
 * process it started, not its group.)
 */
async function stopProcess(child, { graceMs = 8000, signal = 'SIGTERM' } = {}) {
	if (!child || !child.pid) return;
	const pid = child.pid;
	killGroup(pid, signal);
	const deadline = Date.now() + graceMs;
	while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
	if (groupAlive(pid)) {
		killGroup(pid, 'SIGKILL');
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
	for (const pid of live.keys()) killGroup(pid, 'SIGKILL');
	live.clear();
}

/**
 * Runs a command to completion in its own process group (killed on timeout, and whatever of its
 * group is left afterwards); resolves {code, timedOut, stdout, stderr}.
 */
async function runCommand(command, args, { cwd, env = process.env, timeoutMs = 5 * 60_000, logFile, input } = {}) {
	const child = execa(command, args, {
		cwd,
		env,
		extendEnv: false,
		detached: true,
		timeout: timeoutMs,
		killSignal: 'SIGKILL',
		...(input === undefined ? { stdin: 'ignore' } : { input }),
		stdout: outputTo(logFile),
		stderr: outputTo(logFile),
		stripFinalNewline: false,
		reject: false,
	});
	if (child.pid) live.set(child.pid, { name: `${command} ${args[0] ?? ''}`, child });
	const result = await child;
	if (child.pid) {
		if (groupAlive(child.pid)) killGroup(child.pid, 'SIGKILL');
		live.delete(child.pid);
	}
	// A process ended by a signal has no exit code: say which signal where every caller's failure
	// message already looks (seen once: n8n 2.41.1's `execute` ended so after a successful run).
	const endedBy = result.exitCode === undefined && !result.timedOut && result.signal ? `\n[test/stack: ${command} was ended by ${result.signal}]\n` : '';
	return {
		code: result.timedOut ? -2 : (result.exitCode ?? -1),
		timedOut: Boolean(result.timedOut),
		error: result.exitCode === undefined && !result.timedOut ? result : undefined,
		stdout: result.stdout ?? '',
		stderr: (result.stderr ?? '') + endedBy,
	};
}

/** A TCP port free on 127.0.0.1, and not handed out before by this process (get-port keeps a list). */
function freePort() {
	return getPort({ host: '127.0.0.1' });
}

/** `preferred` when it is free on 127.0.0.1, else another free port. */
function freePortPreferring(preferred) {
	return getPort({ host: '127.0.0.1', port: preferred });
}

// No keep-alive: nothing stays open after a poll.
const pollAgent = new http.Agent({ keepAlive: false });

/**
 * Polls `url` until it answers 200, the process exits, or the time is up. (Hand-written rather than
 * wait-on: it also gives up as soon as the process it waits for has exited.)
 */
async function waitForHttp(url, { timeoutMs = 120_000, child, what = url } = {}) {
	const deadline = Date.now() + timeoutMs;
	let exited = null;
	if (child) child.exited.then((r) => (exited = r));
	while (Date.now() < deadline) {
		if (exited) throw new Error(`${what}: the process exited (code ${exited.code}, signal ${exited.signal}) before it answered`);
		const res = await axios.get(url, { httpAgent: pollAgent, timeout: 2000, validateStatus: () => true, proxy: false }).catch(() => null);
		if (res && res.status === 200) return res;
		await sleep(250);
	}
	throw new Error(`${what}: no answer at ${url} within ${Math.round(timeoutMs / 1000)} s`);
}

/** Waits for the first stdout line that `test` accepts (returns its result). */
function waitForLine(child, test, { timeoutMs = 60_000, what = child.procName } = {}) {
	return new Promise((resolve, reject) => {
		let done = false;
		const timer = setTimeout(() => finish(reject, new Error(`${what}: no expected output within ${timeoutMs / 1000} s`)), timeoutMs);
		function finish(settle, value) {
			if (done) return;
			done = true;
			clearTimeout(timer);
			settle(value);
		}
		eachLine(child.stdout, (line) => {
			const result = !done && test(line);
			if (result) finish(resolve, result);
		});
		child.exited.then(({ code, signal }) => finish(reject, new Error(`${what} exited (code ${code}, signal ${signal}) before it was ready`)));
	});
}

/**
 * Calls `cleanup` once on SIGINT/SIGTERM/SIGHUP and exits (130/143 unless `exitCode` is given);
 * kills any group left on a plain exit. Returns a function that removes the handlers.
 * (Hand-written: the order matters, our cleanup first, then whatever is left, then exit.)
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
 * kill of the test process does not reach it if that process dies hard. (Hand-written: a read of
 * /proc, which is all pgrep -f does, without depending on procps being installed.)
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
			if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) pids.push(Number(entry));
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
	startProcess,
	stopProcess,
	stopAll,
	runCommand,
	freePort,
	freePortPreferring,
	waitForHttp,
	waitForLine,
	onTerminate,
	killByCmdlineMarker,
	sleep,
};
