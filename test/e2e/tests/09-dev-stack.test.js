'use strict';
// `npm run dev` is up with its samples, and leaves nothing running after Ctrl-C. The dev stack
// (scripts/dev.js) is started on this run's n8n line with a folder and ports of its own; once up,
// its owner logs in, the sample workflows are there (the trigger active) and the BRTC sample
// credential passes its test; then its processes are found by walking
// /proc from its pid, then its process group gets SIGINT, as a terminal's Ctrl-C sends it.
// Afterwards none of those processes may be alive, and nothing may answer on its ports.
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { test } = require('node:test');

const { ctx } = require('../lib/context');
const { exampleNames } = require('../../stack/fixtures');
const { freePort, sleep } = require('../../stack/processes');
const { RestClient } = require('../../stack/http');
const { login } = require('../../stack/n8n');
const { REPO_ROOT } = require('../../stack/simulator');

/** ppid of every process, from /proc/<pid>/stat (the field after the parenthesised name). */
function parentsByPid() {
	const parents = new Map();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			parents.set(Number(entry), Number(fields[1]));
		} catch {
			// gone meanwhile
		}
	}
	return parents;
}

/** Every live descendant of `root`, with its command line. */
function descendants(root) {
	const parents = parentsByPid();
	const found = new Map();
	let grew = true;
	while (grew) {
		grew = false;
		for (const [pid, ppid] of parents) {
			if (!found.has(pid) && (ppid === root || found.has(ppid))) {
				let cmdline = '';
				try {
					cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
				} catch {
					// gone meanwhile
				}
				found.set(pid, cmdline);
				grew = true;
			}
		}
	}
	return found;
}

function alive(pid) {
	try {
		process.kill(pid, 0);
	} catch (err) {
		return err.code === 'EPERM';
	}
	// A zombie has exited; only its parent has not collected it yet.
	try {
		return !/^\S+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
	} catch {
		return false;
	}
}

function accepts(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

test(`(dev) npm run dev on line "${ctx.n8n.line}" comes up with its samples and stops every process it started on Ctrl-C`, { timeout: 10 * 60_000 }, async () => {
	const devDir = path.join(ctx.runDir, 'dev-stack');
	const outFile = path.join(ctx.runDir, 'dev-stack.log');
	const [n8nPort, simPort] = [await freePort(), await freePort()];
	const out = fs.openSync(outFile, 'a');
	const dev = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'dev.js'), `--n8n=${ctx.n8n.line}`], {
		cwd: REPO_ROOT,
		env: { ...process.env, N8N_DEV_DIR: devDir, N8N_PORT: String(n8nPort), SIMULATOR_PORT: String(simPort) },
		// Its own process group, like a shell's foreground job: the SIGINT below goes to the group.
		detached: true,
		stdio: ['ignore', out, out],
	});
	fs.closeSync(out);
	const exited = new Promise((resolve) => dev.once('exit', (code, signal) => resolve({ code, signal })));
	const output = () => fs.readFileSync(outFile, 'utf8');
	let started = new Map();

	try {
		const deadline = Date.now() + 8 * 60_000;
		let ended = null;
		exited.then((r) => (ended = r));
		while (!output().includes('with n8n-nodes-bandwidth-webrtc is running')) {
			assert.equal(ended, null, `npm run dev exited before it was up: ${JSON.stringify(ended)}\n${output().slice(-3000)}`);
			assert.ok(Date.now() < deadline, `npm run dev was not up within 8 minutes:\n${output().slice(-3000)}`);
			await sleep(500);
		}
		assert.ok(await accepts(n8nPort), 'n8n answers on its port');
		assert.ok(await accepts(simPort), 'the simulator answers on its port');

		// What it prints is there: the owner, the samples, and a BRTC credential that passes its test
		// against the simulator (token request, then the Endpoints API) with what was imported.
		const rest = new RestClient(`http://127.0.0.1:${n8nPort}`);
		await login(rest, { email: 'dev@example.com', password: 'N8nDev-Passw0rd' });
		const workflows = await rest.call('GET', '/rest/workflows');
		const byId = new Map((workflows.data ?? workflows).map((wf) => [wf.id, wf]));
		for (const id of ['bwDevFlowBrtcEnd', 'bwDevFlowSession', 'bwDevFlowTrigger', 'bwDevFlowAgentAi']) assert.ok(byId.has(id), `sample workflow ${id} imported`);
		// examples/, one workflow per file, under the example's own name.
		exampleNames().forEach((name, index) => {
			const wf = byId.get(`bwDevExample${String(index + 1).padStart(4, '0')}`);
			assert.ok(wf, `examples/${name}.json imported`);
			assert.equal(wf.name, JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', `${name}.json`), 'utf8')).name);
		});
		assert.equal(byId.get('bwDevFlowTrigger').active, true, 'the trigger sample is active');
		const brtc = await rest.call('GET', '/rest/credentials/bwDevCredBrtc001?includeData=true');
		const tested = await rest.call('POST', '/rest/credentials/test', { credentials: { id: brtc.id, name: brtc.name, type: brtc.type, data: brtc.data } });
		assert.equal(tested.status, 'OK', `the dev BRTC credential's test: ${JSON.stringify(tested)}`);

		started = descendants(dev.pid);
		const commands = [...started.values()];
		assert.ok(commands.some((c) => c.includes(path.join('n8n', 'bin', 'n8n')) && c.endsWith(' start')), `n8n start is among its processes:\n${commands.join('\n')}`);
		assert.ok(commands.some((c) => c.includes(path.join('simulator', 'cli.ts'))), `the simulator is among its processes:\n${commands.join('\n')}`);

		process.kill(-dev.pid, 'SIGINT');
		const result = await Promise.race([exited, sleep(60_000).then(() => null)]);
		assert.ok(result, `npm run dev did not exit within 60 s of SIGINT:\n${output().slice(-2000)}`);
		assert.deepEqual(result, { code: 0, signal: null }, `npm run dev's exit after Ctrl-C:\n${output().slice(-2000)}`);
		assert.match(output(), /stopped; nothing left running\./);

		const left = [...started].filter(([pid]) => alive(pid)).map(([pid, cmd]) => `${pid} ${cmd}`);
		assert.deepEqual(left, [], `processes of npm run dev still running after Ctrl-C (of ${started.size} it had)`);
		assert.equal(await accepts(n8nPort), false, 'nothing answers on n8n\'s port any more');
		assert.equal(await accepts(simPort), false, 'nothing answers on the simulator\'s port any more');
		assert.equal(fs.existsSync(path.join(devDir, 'dev.pid')), false, 'the dev folder is released (dev.pid removed)');
	} finally {
		// Whatever the outcome, nothing of it outlives the check.
		try {
			process.kill(-dev.pid, 'SIGKILL');
		} catch {
			// gone, as it should be
		}
		for (const pid of [...started.keys(), ...descendants(dev.pid).keys()]) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// gone
			}
		}
	}
});
