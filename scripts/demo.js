#!/usr/bin/env node
// npm run demo: a sample workflow through n8n's engine, against the bundled simulator, or
// against Bandwidth when BANDWIDTH_ACCOUNT_ID, BANDWIDTH_USERNAME and BANDWIDTH_PASSWORD are set.
const { ensureInstalled, build, runTypeScript } = require('./bootstrap');

ensureInstalled();
build();
runTypeScript('scripts/demo.ts')
	.main()
	.then((code) => process.exit(code))
	.catch((error) => {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	});
