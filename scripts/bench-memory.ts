import { fork } from 'child_process';
import path from 'path';

import type { INodeParameters } from 'n8n-workflow';

import type { Runner } from './benchRunners';
import { settle } from './benchRunners';
import { startSimulator } from '../test/stack/simulator';
import type { SimulatorInfo } from '../test/stack/simulator';
import { stopProcess } from '../test/stack/processes';

/**
 * The benchmark's memory table: what a client costs in memory for one large run, measured so
 * that nothing else is counted. The simulator runs in its own process (the participants it
 * stores are not the client's); each client runs in a fresh process, warms up (modules, JIT,
 * the engine's first run), is collected, and only then is its baseline taken. Peak RSS is the
 * kernel's own high-water mark (getrusage's maxrss), not a sample that can miss the peak; the
 * heap held is read after the run's connections have closed and a full collection, once while the
 * run's output is still referenced (what the execution carries on with) and once after it is
 * dropped (what the run left behind). The baseline is taken the same way, after the warm-up.
 *
 * The bench used to report this from its own process, with the simulator in it, after earlier
 * runs had grown the heap and with RSS sampled every 10 ms: the simulator's stored participants
 * counted against whichever client ran, and the second client reused memory the first had grown.
 */

const ROOT = path.resolve(__dirname, '..');

export interface MemoryResult {
	ms: number;
	failed: number;
	/** Peak RSS above the baseline (MB). */
	peakRssMb: number;
	/** Heap after a full GC above the baseline, with the output still referenced (MB). */
	heldWithOutputMb: number;
	/** The same once the output is dropped (MB). */
	heldAfterMb: number;
}

interface ClientRequest {
	sim: Pick<SimulatorInfo, 'baseUrl' | 'accountId'>;
	runner: Runner;
	count: number;
	requestOptions?: INodeParameters;
}

/** One client, `count` creates, in a process of its own; the simulator is reset first. */
async function measureInFreshProcess(request: ClientRequest): Promise<MemoryResult> {
	const child = fork(__filename, ['--memory-client'], {
		cwd: ROOT,
		env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') },
		execArgv: ['--expose-gc', '--no-deprecation', '-r', 'ts-node/register/transpile-only'],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	return await new Promise<MemoryResult>((resolve, reject) => {
		let result: MemoryResult | undefined;
		child.on('message', (message: { type: 'result'; result: MemoryResult }) => {
			if (message.type === 'result') result = message.result;
		});
		child.once('exit', (code) =>
			code === 0 && result ? resolve(result) : reject(new Error(`the memory client exited with ${code}`)),
		);
		child.send(request);
	});
}

export interface MemoryOptions {
	counts: number[];
	/** The simulator's time per request (ms). */
	latencyMs: number;
	contenders: Array<{ label: string; runner: Runner; requestOptions?: INodeParameters }>;
	hasHttpRequest: boolean;
}

/** Prints the memory table; returns the results by label and count. */
export async function runMemoryTable(
	options: MemoryOptions,
	say: (line: string) => void,
): Promise<Map<string, MemoryResult>> {
	const results = new Map<string, MemoryResult>();
	const started = await startSimulator();
	try {
		say('| client | creates | peak RSS growth | heap held after a full GC (output held) | heap held after a full GC (output dropped) | time | failed |');
		say('|---|---|---|---|---|---|---|');
		const fmt = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(1)} MB`;
		for (const count of options.counts) {
			for (const contender of options.contenders) {
				if (contender.runner === 'httpRequest' && !options.hasHttpRequest) continue;
				await started.control.reset();
				await started.control.latency(options.latencyMs);
				const result = await measureInFreshProcess({
					sim: { baseUrl: started.info.baseUrl, accountId: started.info.accountId },
					runner: contender.runner,
					count,
					requestOptions: contender.requestOptions,
				});
				results.set(`${contender.label}@${count}`, result);
				say(
					`| ${contender.label} | ${count} | ${fmt(result.peakRssMb)} | ${fmt(result.heldWithOutputMb)} | ${fmt(result.heldAfterMb)} | ${(result.ms / 1000).toFixed(2)} s | ${result.failed} |`,
				);
			}
		}
	} finally {
		await stopProcess(started.child);
	}
	return results;
}

// ---------------------------------------------------------------------------------------------
// The client process.

const WARM_UP_ITEMS = 500;

async function clientMain(request: ClientRequest): Promise<MemoryResult> {
	// Loaded here, in the child: n8n-core reads its settings when it loads.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const runners = require('./benchRunners') as typeof import('./benchRunners');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { stopEngineTimers } = require('../test/harness') as typeof import('../test/harness');
	const gc = global.gc;
	if (!gc) throw new Error('run with --expose-gc');
	const httpRequest = request.runner === 'httpRequest' ? runners.loadHttpRequestNode() : undefined;
	const run = async (count: number) =>
		await runners.createParticipantsWithOutput(request.sim, request.runner, count, httpRequest, request.requestOptions);
	try {
		await run(WARM_UP_ITEMS);
		await settle(gc);
		const baseline = process.memoryUsage();
		const started = process.hrtime.bigint();
		let outcome: Awaited<ReturnType<typeof run>> | undefined = await run(request.count);
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		// getrusage's maxrss is in kilobytes on Linux.
		const peakRss = process.resourceUsage().maxRSS * 1024;
		await settle(gc);
		const heldWithOutput = process.memoryUsage().heapUsed;
		const failed = outcome.failed;
		outcome = undefined;
		await settle(gc);
		const heldAfter = process.memoryUsage().heapUsed;
		const mb = (bytes: number) => bytes / 2 ** 20;
		return {
			ms,
			failed,
			peakRssMb: mb(Math.max(0, peakRss - baseline.rss)),
			heldWithOutputMb: mb(heldWithOutput - baseline.heapUsed),
			heldAfterMb: mb(heldAfter - baseline.heapUsed),
		};
	} finally {
		stopEngineTimers();
	}
}

if (process.argv.includes('--memory-client') && process.send) {
	process.once('message', (request: ClientRequest) => {
		clientMain(request).then(
			(result) => process.send!({ type: 'result', result }, () => process.exit(0)),
			(error: unknown) => {
				console.error(error instanceof Error ? error.stack : error);
				process.exit(1);
			},
		);
	});
}
