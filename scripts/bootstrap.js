// Shared by the npm scripts: install the dependencies on a fresh clone, build the package, and
// run a TypeScript entry point with ts-node (tests, demo and benchmark share test/harness and
// test/simulator, which are TypeScript).
const { execSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');

function ensureInstalled() {
	if (!fs.existsSync(path.join(root, 'node_modules', 'n8n-core', 'package.json'))) {
		console.log('Installing dependencies (npm ci)…');
		execSync('npm ci', { cwd: root, stdio: 'inherit' });
	}
}

function build() {
	execSync('npm run -s build', { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

function runTypeScript(entry) {
	process.env.TS_NODE_TRANSPILE_ONLY = 'true';
	// BandwidthWebRtc.node.json sits beside BandwidthWebRtc.node.ts: resolve the .ts first.
	process.env.TS_NODE_PREFER_TS_EXTS = 'true';
	process.env.TS_NODE_PROJECT = path.join(root, 'tsconfig.json');
	require(path.join(root, 'test', 'setup-env.js'));
	require('ts-node/register');
	return require(path.join(root, entry));
}

module.exports = { root, ensureInstalled, build, runTypeScript };
