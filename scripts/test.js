#!/usr/bin/env node
// npm test: installs the dependencies on a fresh clone, then runs jest (unit, simulator, engine
// and trigger tests). Arguments are passed to jest, e.g. `npm test -- test/engine`.
const { spawnSync } = require('child_process');
const path = require('path');
const { ensureInstalled, root } = require('./bootstrap');

ensureInstalled();
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const result = spawnSync(process.execPath, [jest, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
