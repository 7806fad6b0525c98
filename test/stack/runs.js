'use strict';
// What every run of the stack (e2e, queue mode) makes for itself: a fresh run folder, and secrets
// distinctive enough that a check can search logs and databases for them.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return err.code === 'EPERM';
	}
}

/**
 * A new, empty run folder `<runsDir>/<time>-<pid>`. The older runs in `runsDir` (and the extra
 * folders given) are removed, except the folder of a run whose process is still alive.
 */
function newRunFolder(runsDir, { alsoRemove = [] } = {}) {
	fs.mkdirSync(runsDir, { recursive: true });
	for (const folder of [...fs.readdirSync(runsDir).map((name) => path.join(runsDir, name)), ...alsoRemove]) {
		// A run folder ends with its runner's pid.
		const pid = Number(/-(\d+)$/.exec(path.basename(folder))?.[1]);
		if (pid && pid !== process.pid && pidAlive(pid)) continue;
		fs.rmSync(folder, { recursive: true, force: true });
	}
	const runDir = path.join(runsDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
	fs.mkdirSync(runDir, { recursive: true });
	return runDir;
}

/**
 * `prefix` and 24 random characters (letters, digits, - and _): as strong as the callback
 * credential's test asks a secret to be.
 */
function secret(prefix) {
	return `${prefix}${crypto.randomBytes(18).toString('base64url')}`;
}

module.exports = { newRunFolder, pidAlive, secret };
