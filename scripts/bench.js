#!/usr/bin/env node
// npm run bench: speed, loss and memory through n8n's engine against the simulator (see docs/benchmark.md).
const { ensureInstalled, build, runTypeScript } = require('./bootstrap');

ensureInstalled();
build();
runTypeScript('scripts/bench.ts')
	.main(process.argv.slice(2))
	.then((code) => process.exit(code))
	.catch((error) => {
		console.error(error instanceof Error ? error.stack : error);
		process.exit(1);
	});
