import { fork } from 'child_process';
import { rmSync } from 'fs';
import https from 'https';
import path from 'path';

import type { INodeParameters } from 'n8n-workflow';

import type { RunResult } from './benchRunners';
import { makeCertificate, simControl, startLatencyProxy } from './latencyLink';
import type { LatencyProxy, ProxyStats } from './latencyLink';
import { startSimulator } from '../test/stack/simulator';
import type { StartedSimulator } from '../test/stack/simulator';
import { stopProcess } from '../test/stack/processes';

/**
 * The benchmark's realistic link: the simulator serving HTTPS in its own process, behind a
 * latency proxy on 127.0.0.1 that delays every chunk by half a round trip each way (TCP's and
 * TLS's handshakes pay it too), with a certificate made for this run and trusted only by the
 * process that runs the clients (NODE_EXTRA_CA_CERTS, which n8n's HTTP helper honours: its
 * agents use Node's default CA store).
 *
 * Three processes, as in real life: the server (simulator), the network (the proxy, in the
 * benchmark's own process) and the client (a child process running n8n's engine).
 */

const ROOT = path.resolve(__dirname, '..');

export interface LinkOptions {
	rttMs: number;
	counts: number[];
	/** The load-shedding table: Bandwidth's own time per request, and 429 past this many in flight; none: skipped. */
	shedding?: { serverMs: number; maxInFlight: number };
	/** The node's defaults (as shipped), for the labels, the bound and the cap check. */
	concurrency: number;
	maxConcurrency: number;
	/** Also the bound, a bare keep-alive client and this node fixed at `fixedAt` (the old default), for context. */
	context?: { fixedAt: number };
	/** Each side of the decisive comparison runs this many times, in the order HTTP, node, node, HTTP, …. */
	repeats: number;
}

/** What the parent gets back: the decisive ratios and the losses, for the summary. */
export interface LinkSummary {
	rttMs: number;
	comparisons: Array<{
		count: number;
		nodeMs: number[];
		httpMs: number[];
		nodeFailed: number;
		httpFailed: number;
		/** The simulator's count of requests in flight at once. */
		nodePeakRequests: number;
		/** The proxy's upper bound (ProxyStats.peakRequests). */
		nodePeakUnanswered: number;
	}>;
	shedding: Array<{ count: number; label: string; lost: number; created: number }>;
}

// ---------------------------------------------------------------------------------------------
// The parent: certificate, HTTPS simulator, latency proxy, client process.

/** Runs the realistic link's scenarios; `say` gets each line of its tables. */
export async function runRealisticLink(options: LinkOptions, say: (line: string) => void): Promise<LinkSummary | undefined> {
	let certificate: ReturnType<typeof makeCertificate>;
	try {
		certificate = makeCertificate();
	} catch {
		say('Realistic link: skipped (openssl is not installed, and it makes the throwaway certificate).');
		return undefined;
	}
	let sim: StartedSimulator | undefined;
	let proxy: LatencyProxy | undefined;
	try {
		sim = await startSimulator({ tls: { keyFile: certificate.key, certFile: certificate.cert } });
		proxy = await startLatencyProxy(Number(new URL(sim.info.url).port), options.rttMs);
		const env: NodeJS.ProcessEnv = {
			...process.env,
			TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
			// Trusted by the client process, for this run only.
			NODE_EXTRA_CA_CERTS: certificate.cert,
			NO_PROXY: '127.0.0.1,localhost',
		};
		for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy']) delete env[name];
		const client = fork(path.join(__dirname, 'bench-link.ts'), ['--client'], {
			cwd: ROOT,
			env,
			// n8n's helper sets the TLS server name to the host, here an IP address: Node warns each time.
			execArgv: ['--expose-gc', '--no-deprecation', '-r', 'ts-node/register/transpile-only'],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		const config: ClientConfig = {
			...options,
			simUrl: sim.info.url,
			proxiedBaseUrl: `https://127.0.0.1:${proxy.port}/v1`,
			accountId: sim.info.accountId,
		};
		let summary: LinkSummary | undefined;
		await new Promise<void>((resolve, reject) => {
			client.on('message', (message: ClientMessage) => {
				if (message.type === 'line') say(message.line);
				else if (message.type === 'summary') summary = message.summary;
				else if (message.type === 'proxy') {
					if (message.op === 'reset') proxy!.reset();
					client.send({ type: 'proxy', id: message.id, stats: proxy!.stats() });
				}
			});
			client.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the client process exited with ${code}`))));
			client.send({ type: 'start', config });
		});
		return summary;
	} finally {
		proxy?.close();
		if (sim) await stopProcess(sim.child);
		rmSync(certificate.dir, { recursive: true, force: true });
	}
}

// ---------------------------------------------------------------------------------------------
// The client process: n8n's engine, the bare client, and the scenarios.

interface ClientConfig extends LinkOptions {
	simUrl: string;
	proxiedBaseUrl: string;
	accountId: string;
}

type ClientMessage =
	| { type: 'line'; line: string }
	| { type: 'summary'; summary: LinkSummary }
	| { type: 'proxy'; op: 'reset' | 'stats'; id: number };

type ParentMessage = { type: 'start'; config: ClientConfig } | { type: 'proxy'; id: number; stats: ProxyStats };

/** The same POSTs from Node's https with one keep-alive agent: `concurrency` connections, reused. */
async function bareKeepAliveClient(config: ClientConfig, count: number, concurrency: number): Promise<number> {
	const agent = new https.Agent({ keepAlive: true, maxSockets: concurrency });
	const url = `${config.proxiedBaseUrl}/accounts/${config.accountId}/participants`;
	const authorization = `Basic ${Buffer.from('sim-user:sim-pass').toString('base64')}`;
	const post = (index: number) =>
		new Promise<void>((resolve, reject) => {
			const body = JSON.stringify({ publishPermissions: ['AUDIO'], tag: `bare-${index}` });
			const request = https.request(url, { method: 'POST', agent, headers: { authorization, 'content-type': 'application/json' } }, (response) => {
				response.resume();
				response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`status ${response.statusCode}`))));
			});
			request.on('error', reject);
			request.end(body);
		});
	let next = 0;
	const started = process.hrtime.bigint();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < count) await post(next++);
		}),
	);
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	agent.destroy();
	return ms;
}

async function clientMain(config: ClientConfig): Promise<void> {
	// Loaded here: n8n-core reads N8N_USER_FOLDER when it loads (test/setup-env.js in the harness path).
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const bench = require('./benchRunners') as typeof import('./benchRunners');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { stopEngineTimers } = require('../test/harness') as typeof import('../test/harness');
	const say = (line: string) => process.send!({ type: 'line', line } satisfies ClientMessage);
	let nextId = 0;
	const proxy = (op: 'reset' | 'stats') =>
		new Promise<ProxyStats>((resolve) => {
			const id = nextId++;
			const onMessage = (message: ParentMessage) => {
				if (message.type === 'proxy' && message.id === id) {
					process.off('message', onMessage);
					resolve(message.stats);
				}
			};
			process.on('message', onMessage);
			process.send!({ type: 'proxy', op, id } satisfies ClientMessage);
		});

	const httpRequest = bench.loadHttpRequestNode();
	const link = { baseUrl: config.proxiedBaseUrl, accountId: config.accountId };
	const { concurrency: c, maxConcurrency: max, rttMs } = config;
	const fmt = (value: number, digits = 2) => value.toFixed(digits);
	const summary: LinkSummary = { rttMs, comparisons: [], shedding: [] };

	interface Row {
		label: string;
		run: () => Promise<{ ms: number; failed: number }>;
	}
	const nodeRun = (requestOptions: INodeParameters) => async (count: number) => await bench.createParticipants(link, 'bandwidth', count, c, undefined, undefined, requestOptions);
	const httpRun = async (count: number): Promise<RunResult> => await bench.createParticipants(link, 'httpRequest', count, c, httpRequest);
	const HTTP_LABEL = 'HTTP Request node, its default (every item at once)';
	const NODE_LABEL = `this node as shipped (no Request Options: ${c === max ? `up to ${max} in flight` : `${c} growing up to ${max}`})`;

	const gc = global.gc;
	if (!gc) throw new Error('the client runs with --expose-gc');

	async function measure(row: Row, setup: () => Promise<void>) {
		await simControl(config.simUrl, 'reset');
		await setup();
		// Every run starts with the last one's connections closed and a collected heap: neither
		// client pays for the other's garbage.
		await bench.settle(gc!);
		await proxy('reset');
		const cpuBefore = process.cpuUsage();
		const { ms, failed } = await row.run();
		const cpu = process.cpuUsage(cpuBefore);
		const clientCpuMs = (cpu.user + cpu.system) / 1000;
		// Let the last connections close through the proxy before the simulator is asked.
		await new Promise((resolve) => setTimeout(resolve, 4 * rttMs + 50));
		const state = await simControl(config.simUrl, 'state');
		const stats = await proxy('stats');
		const connections = state.connections as { peak: number; opened: number };
		const counts = state.counts as { participants: number };
		return { ms, failed, clientCpuMs, stats, simPeakConnections: connections.peak, simPeakRequests: state.inFlightPeak as number, created: counts.participants };
	}

	try {
		// Warm-up: JIT, module loading, the first handshakes, for each client as many items as the
		// smaller comparison.
		await simControl(config.simUrl, 'reset');
		await bareKeepAliveClient(config, 50, c);
		for (let round = 0; round < 2; round++) {
			await nodeRun({})(300);
			if (httpRequest) await httpRun(300);
		}

		say(`| client | creates | time | client CPU | connections opened | most unanswered connections (proxy) | most open at once (simulator) | most requests in flight (simulator) | failed |`);
		say(`|---|---|---|---|---|---|---|---|---|`);
		const row = (label: string, count: number, m: Awaited<ReturnType<typeof measure>>) =>
			say(`| ${label} | ${count} | ${fmt(m.ms / 1000)} s | ${fmt(m.clientCpuMs / 1000)} s | ${m.stats.opened} | ${m.stats.peakRequests} | ${m.simPeakConnections} | ${m.simPeakRequests} | ${m.failed} |`);
		for (const count of config.counts) {
			if (config.context) {
				const fixedAt = config.context.fixedAt;
				say(`| bound for a fresh TCP + TLS connection per request at ${max} (N·3·RTT/${max}) | ${count} | ${fmt((count * 3 * rttMs) / max / 1000)} s | – | – | – | – | – | – |`);
				const bare = await measure({ label: '', run: async () => ({ ms: await bareKeepAliveClient(config, count, fixedAt), failed: 0 }) }, async () => undefined);
				row(`a bare keep-alive HTTPS client at ${fixedAt}`, count, bare);
				const fixed = await measure({ label: '', run: async () => await nodeRun({ concurrency: fixedAt })(count) }, async () => undefined);
				row(`this node fixed at ${fixedAt} (Concurrency ${fixedAt} saved alone: the old default)`, count, fixed);
			}
			// The decisive comparison, in the order HTTP, node, node, HTTP, …: drift in the machine's
			// load then weighs on both sides alike.
			const nodeMs: number[] = [];
			const httpMs: number[] = [];
			let nodeFailed = 0;
			let httpFailed = 0;
			let nodePeakRequests = 0;
			let nodePeakUnanswered = 0;
			for (let round = 0; round < config.repeats; round++) {
				const order = round % 2 === 0 ? ['http', 'node'] : ['node', 'http'];
				for (const side of order) {
					if (side === 'http') {
						if (!httpRequest) continue;
						const m = await measure({ label: HTTP_LABEL, run: async () => await httpRun(count) }, async () => undefined);
						row(HTTP_LABEL, count, m);
						httpMs.push(m.ms);
						httpFailed += m.failed;
					} else {
						const m = await measure({ label: NODE_LABEL, run: async () => await nodeRun({})(count) }, async () => undefined);
						row(NODE_LABEL, count, m);
						nodeMs.push(m.ms);
						nodeFailed += m.failed;
						nodePeakRequests = Math.max(nodePeakRequests, m.simPeakRequests);
						nodePeakUnanswered = Math.max(nodePeakUnanswered, m.stats.peakRequests);
					}
				}
			}
			summary.comparisons.push({ count, nodeMs, httpMs, nodeFailed, httpFailed, nodePeakRequests, nodePeakUnanswered });
		}

		if (config.shedding) {
			const { serverMs, maxInFlight } = config.shedding;
			say('');
			say(`Load shedding on the same link (${rttMs} ms): Bandwidth takes ${serverMs} ms per request and answers 429 (Retry-After: 1) past ${maxInFlight} requests in flight.`);
			say('');
			say(`| client | creates | lost (failed items) | participants created | 429 answers | most requests in flight (simulator) | time |`);
			say(`|---|---|---|---|---|---|---|`);
			for (const count of config.counts) {
				const rows: Row[] = [
					...(httpRequest ? [{ label: HTTP_LABEL, run: async () => await httpRun(count) }] : []),
					...(config.context ? [{ label: `this node fixed at ${config.context.fixedAt}`, run: async () => await nodeRun({ concurrency: config.context!.fixedAt })(count) }] : []),
					{ label: NODE_LABEL, run: async () => await nodeRun({})(count) },
				];
				for (const shedRow of rows) {
					const m = await measure(shedRow, async () => {
						await simControl(config.simUrl, 'latency', { ms: serverMs });
						await simControl(config.simUrl, 'load-shedding', { maxInFlight });
					});
					const requests = (await simControl(config.simUrl, 'requests')) as unknown as Array<{ status: number }>;
					const shed = requests.filter((request) => request.status === 429).length;
					say(`| ${shedRow.label} | ${count} | ${m.failed} | ${m.created} | ${shed} | ${m.simPeakRequests} | ${fmt(m.ms / 1000)} s |`);
					summary.shedding.push({ count, label: shedRow.label, lost: m.failed, created: m.created });
				}
			}
		}
		await new Promise<void>((resolve) => process.send!({ type: 'summary', summary } satisfies ClientMessage, () => resolve()));
	} finally {
		stopEngineTimers();
	}
}

if (process.argv.includes('--client') && process.send) {
	process.once('message', (message: ParentMessage) => {
		if (message.type !== 'start') return;
		clientMain(message.config).then(
			() => process.exit(0),
			(error: unknown) => {
				console.error(error instanceof Error ? error.stack : error);
				process.exit(1);
			},
		);
	});
}
