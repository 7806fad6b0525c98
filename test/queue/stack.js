'use strict';
// The services n8n's queue mode needs, started on 127.0.0.1 in a throw-away folder: Redis (Bull's
// queue) and a PostgreSQL cluster (the database every n8n process shares). Both are Debian's
// packages; missing ones are installed with apt-get as root under CI=true, otherwise the error
// gives the exact command. PostgreSQL refuses to run as root, so it runs as the `postgres` user
// that Debian's package creates. That user must reach the cluster's folder (its data and its
// socket), so the folder lives under the OS temporary directory, not in the clone: a clone under
// a private (0700) directory, such as root's home or what mktemp -d makes, is closed to it.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const procs = require('../stack/processes');
const { pidAlive } = require('../stack/runs');

const APT_PACKAGES = { redis: 'redis-server', postgres: 'postgresql' };

const SERVICES_PREFIX = 'n8n-bw-webrtc-queue-';
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * A new folder for Redis and PostgreSQL, `<tmpdir>/n8n-bw-webrtc-queue-<pid>-XXXXXX`, made by
 * mkdtemp (0700, so no other user can read the database) and handed to the `postgres` user when we
 * are root. Folders of earlier runs whose process is gone (a run killed hard) are removed first.
 * `remove()` deletes it; call it once the services have stopped.
 */
function makeServicesFolder() {
	const tmp = os.tmpdir();
	const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
	for (const name of fs.readdirSync(tmp)) {
		const pid = Number(name.startsWith(SERVICES_PREFIX) && name.slice(SERVICES_PREFIX.length).split('-')[0]);
		if (!pid || pidAlive(pid)) continue;
		const full = path.join(tmp, name);
		// Only our own: what another user left is theirs. As root, the postgres-owned folders are ours.
		const { uid: owner } = fs.statSync(full);
		if (uid === undefined || owner === uid || isRoot()) fs.rmSync(full, { recursive: true, force: true });
	}
	const dir = fs.mkdtempSync(path.join(tmp, `${SERVICES_PREFIX}${process.pid}-`));
	if (isRoot()) execFileSync('chown', ['postgres:postgres', dir]);
	return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

function findPostgresBin() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return null;
	const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres'))).sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], 'bin') : null;
}

function which(command) {
	try {
		return execFileSync('which', [command], { encoding: 'utf8' }).trim() || null;
	} catch {
		return null;
	}
}

/** Installs Redis and PostgreSQL when missing (root and CI=true), else says how. */
function ensureServices(say) {
	const missing = [];
	if (!which('redis-server')) missing.push(APT_PACKAGES.redis);
	if (!findPostgresBin()) missing.push(APT_PACKAGES.postgres);
	if (!missing.length) return;
	const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
	if (!(isRoot() && process.env.CI === 'true')) {
		throw new Error(`queue mode needs ${missing.join(' and ')}: run as root\n  ${command}`);
	}
	say(`installing ${missing.join(', ')} (${command})...`);
	execFileSync('bash', ['-c', command], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

async function startRedis(dir, logFile) {
	const port = await procs.freePort();
	const child = procs.startProcess(
		'redis',
		'redis-server',
		['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
		{ cwd: dir, env: process.env, logFile },
	);
	await procs.waitForLine(child, (line) => line.includes('Ready to accept connections'), { timeoutMs: 30_000, what: 'redis-server' });
	return { child, port };
}

/** Runs `argv` as the postgres user when we are root (initdb and postgres refuse root). */
function asPostgresUser(argv) {
	return isRoot() ? ['runuser', ['-u', 'postgres', '--', ...argv]] : [argv[0], argv.slice(1)];
}

/** The cluster in `dir` (from makeServicesFolder: the postgres user can reach it). */
async function startPostgres(dir, logFile) {
	const bin = findPostgresBin();
	const data = path.join(dir, 'pgdata');
	fs.mkdirSync(data, { recursive: true });
	if (isRoot()) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
	const [initCmd, initArgs] = asPostgresUser([path.join(bin, 'initdb'), '-D', data, '-U', 'n8n', '--auth=trust', '-E', 'UTF8']);
	const init = await procs.runCommand(initCmd, initArgs, { cwd: os.tmpdir(), timeoutMs: 120_000, logFile });
	if (init.code !== 0) throw new Error(`initdb failed (exit ${init.code}): ${init.stderr.slice(-2000)}`);
	const port = await procs.freePort();
	const [cmd, args] = asPostgresUser([
		path.join(bin, 'postgres'), '-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', data, '-c', 'fsync=off', '-c', 'max_connections=200',
	]);
	// postgres logs on stderr; waitForLine reads stdout.
	const child = procs.startProcess('postgres', 'sh', ['-c', 'exec "$@" 2>&1', 'sh', cmd, ...args], { cwd: os.tmpdir(), env: process.env, logFile });
	await procs.waitForLine(child, (line) => line.includes('ready to accept connections'), { timeoutMs: 60_000, what: 'postgres' });
	const [psqlCmd, psqlArgs] = asPostgresUser([path.join(bin, 'psql'), '-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', '-d', 'postgres', '-c', 'CREATE DATABASE n8n']);
	const created = await procs.runCommand(psqlCmd, psqlArgs, { cwd: os.tmpdir(), timeoutMs: 30_000, logFile });
	if (created.code !== 0) throw new Error(`CREATE DATABASE failed: ${created.stderr}`);
	return { child, port, bin, data };
}

/** A dump of the whole n8n database as text (pg_dump), to look for secrets in clear. */
async function dumpPostgres(pg) {
	const [cmd, args] = asPostgresUser([path.join(pg.bin, 'pg_dump'), '-h', '127.0.0.1', '-p', String(pg.port), '-U', 'n8n', 'n8n']);
	const res = await procs.runCommand(cmd, args, { cwd: os.tmpdir(), timeoutMs: 120_000 });
	if (res.code !== 0) throw new Error(`pg_dump failed: ${res.stderr}`);
	return res.stdout;
}

/** Every key and value in Redis as text (redis-cli --scan, then DUMP-free reads by type). */
async function dumpRedis(port) {
	const cli = (...args) => procs.runCommand('redis-cli', ['-h', '127.0.0.1', '-p', String(port), '--raw', ...args], { timeoutMs: 30_000 });
	const keys = (await cli('--scan')).stdout.split('\n').filter(Boolean);
	const parts = [];
	for (const key of keys) {
		const type = (await cli('TYPE', key)).stdout.trim();
		const read = {
			string: ['GET', key],
			hash: ['HGETALL', key],
			list: ['LRANGE', key, '0', '-1'],
			set: ['SMEMBERS', key],
			zset: ['ZRANGE', key, '0', '-1', 'WITHSCORES'],
			stream: ['XRANGE', key, '-', '+'],
		}[type];
		parts.push(`${key} (${type})`, read ? (await cli(...read)).stdout : '');
	}
	return { keys: keys.length, text: parts.join('\n') };
}

module.exports = { ensureServices, makeServicesFolder, startRedis, startPostgres, dumpPostgres, dumpRedis };
