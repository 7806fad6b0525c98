#!/usr/bin/env node
'use strict';
// Installs the e2e toolchain (the n8n app 2.8.4 and playwright-core) into test/e2e/node_modules
// with `npm ci`, but only when it is missing or when package.json / package-lock.json / the
// Node.js version changed since the last install (stamp file). n8n's first install takes a few
// minutes (sqlite3 builds from source); later runs return at once.
//
//   node test/e2e/install.js [--force]
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const E2E_DIR = __dirname;
const NODE_MODULES = path.join(E2E_DIR, 'node_modules');
const STAMP = path.join(NODE_MODULES, '.e2e-install-stamp');

function fingerprint() {
	const hash = crypto.createHash('sha256');
	for (const file of ['package.json', 'package-lock.json', '.npmrc']) {
		const full = path.join(E2E_DIR, file);
		hash.update(`${file}\0`);
		if (fs.existsSync(full)) hash.update(fs.readFileSync(full));
	}
	hash.update(`node ${process.versions.node} ${process.platform} ${process.arch}`);
	return hash.digest('hex');
}

function isInstalled() {
	try {
		if (fs.readFileSync(STAMP, 'utf8').trim() !== fingerprint()) return false;
	} catch {
		return false;
	}
	// A stamp without the binaries (a half-deleted folder) does not count.
	return (
		fs.existsSync(path.join(NODE_MODULES, 'n8n', 'bin', 'n8n')) &&
		fs.existsSync(path.join(NODE_MODULES, 'playwright-core', 'package.json'))
	);
}

/** Installs when needed; returns true when it did install. Throws when npm fails. */
function ensureInstalled({ force = false, log = (msg) => process.stdout.write(`${msg}\n`) } = {}) {
	if (!force && isInstalled()) return false;
	const hasLock = fs.existsSync(path.join(E2E_DIR, 'package-lock.json'));
	const args = hasLock ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
	log(`e2e: installing n8n 2.8.4 and playwright-core into test/e2e/node_modules (npm ${args[0]}; the first time takes about 4 minutes and 2.3 GB)...`);
	const started = Date.now();
	// Not --ignore-scripts: sqlite3 must build. .npmrc in test/e2e answers yes to prompts.
	const result = spawnSync('npm', args, { cwd: E2E_DIR, stdio: 'inherit', env: { ...process.env, npm_config_yes: 'true' } });
	if (result.status !== 0) {
		throw new Error(`npm ${args[0]} in test/e2e failed (exit ${result.status ?? result.signal})`);
	}
	fs.writeFileSync(STAMP, `${fingerprint()}\n`);
	log(`e2e: installed in ${Math.round((Date.now() - started) / 1000)} s`);
	return true;
}

module.exports = { ensureInstalled, isInstalled, fingerprint, STAMP, E2E_DIR, NODE_MODULES };

if (require.main === module) {
	try {
		const did = ensureInstalled({ force: process.argv.includes('--force') });
		if (!did) process.stdout.write('e2e: test/e2e/node_modules is up to date\n');
	} catch (err) {
		process.stderr.write(`${err.message}\n`);
		process.exit(1);
	}
}
