import os from 'os';

import axios from 'axios';

import type { IDataObject } from 'n8n-workflow';

import { stopEngineTimers } from '../test/harness';
import { MAX_CONCURRENCY } from '../nodes/BandwidthWebRtc/descriptions/requestOptions';
import { DEFAULT_POLICY } from '../nodes/BandwidthWebRtc/transport';
import { runRealisticLink } from './bench-link';
import type { LinkSummary } from './bench-link';
import { installedLines, runInApp } from './bench-app';
import type { AppSummary } from './bench-app';
import { runMemoryTable } from './bench-memory';
import type { MemoryResult } from './bench-memory';
import type { HttpBatching, Runner } from './benchRunners';
import { createParticipants, loadHttpRequestNode } from './benchRunners';
import { startSimulator } from '../test/stack/simulator';
import type { SimulatorInfo } from '../test/stack/simulator';
import { stopProcess } from '../test/stack/processes';

const DEFAULT_CONCURRENCY = DEFAULT_POLICY.concurrency;

/** The default before this policy (10, fixed when saved alone): a row of context on the first link. */
const OLD_DEFAULT_CONCURRENCY = 10;

/**
 * The benchmark: the Bandwidth WebRTC node creating participants through n8n-core's engine,
 * against the simulator in its own process, compared with the lower bound, with itself one item
 * at a time, and with n8n's HTTP Request node (from the n8n app installed for the e2e tests)
 * doing the same POST in the same engine. Figures are ratios from one run: the machine is shared.
 */

const fmt = (value: number, digits = 2) => value.toFixed(digits);

/**
 * The same POSTs from plain axios, `concurrency` at a time, outside n8n: what the simulator and
 * the loopback network cost by themselves, so the node's own share can be told apart.
 */
async function rawAxiosFloor(sim: SimulatorInfo, count: number, concurrency: number): Promise<number> {
	const url = `${sim.baseUrl}/accounts/${sim.accountId}/participants`;
	const auth = { username: 'sim-user', password: 'sim-pass' };
	let next = 0;
	const started = process.hrtime.bigint();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < count) {
				const index = next++;
				await axios.post(url, { publishPermissions: ['AUDIO'], tag: `raw-${index}` }, { auth });
			}
		}),
	);
	return Number(process.hrtime.bigint() - started) / 1e6;
}

/** `--rtt=20,50`: the realistic link's round trips in ms (default 20, 50 and 100; --quick: 20). */
function rttsFromArgs(args: string[], quick: boolean): number[] {
	const value = args.find((arg) => arg.startsWith('--rtt='));
	if (value === undefined) return quick ? [20] : [20, 50, 100];
	const rtts = value.slice('--rtt='.length).split(',').map(Number);
	if (rtts.length === 0 || rtts.some((rtt) => !Number.isFinite(rtt) || rtt < 0)) throw new Error(`Invalid --rtt: ${value}`);
	return rtts;
}

const mean = (values: number[]) => values.reduce((total, value) => total + value, 0) / values.length;

/** The decisive ratio: this node's mean time over the HTTP Request node's, from the same run. */
const ratioOfMeans = ({ nodeMs, httpMs }: { nodeMs: number[]; httpMs: number[] }) => mean(nodeMs) / mean(httpMs);

/**
 * `--repeats=N`: how many times each side of the decisive comparison runs (default 5; --quick: 1).
 * More runs average out more of the shared machine's drift.
 */
function repeatsFromArgs(args: string[], quick: boolean): number {
	const value = args.find((arg) => arg.startsWith('--repeats='));
	if (value === undefined) return quick ? 1 : 5;
	const repeats = Number(value.slice('--repeats='.length));
	if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`Invalid --repeats: ${value}`);
	return repeats;
}

export async function main(args: string[]): Promise<number> {
	const quick = args.includes('--quick');
	const rtts = rttsFromArgs(args, quick);
	const repeats = repeatsFromArgs(args, quick);
	const max = DEFAULT_POLICY.maxConcurrency;
	const httpAvailable = loadHttpRequestNode() !== undefined;
	console.log(`Bandwidth WebRTC node benchmark (${new Date().toISOString()}, Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')})`);
	if (!httpAvailable) console.log('HTTP Request node: not installed (run npm run test:e2e once to install the n8n app); comparisons with it are skipped.');
	const summaries: LinkSummary[] = [];
	const appOnly = args.includes('--app-only');
	const linkOnly = args.includes('--link-only');
	for (const [index, rttMs] of (appOnly ? [] : rtts).entries()) {
		console.log(`\nA${index + 1}) The realistic link: HTTPS, ${rttMs} ms round trip (handshakes included), the simulator in its own process`);
		console.log('   n8n opens a new connection, with a TCP and a TLS handshake, for every request: about 3 round trips per create.\n');
		const summary = await runRealisticLink(
			{
				rttMs,
				counts: quick ? [100] : [300, 1000],
				// The load-shedding table and the context rows: on the first round trip only.
				shedding: index === 0 ? { serverMs: 20, maxInFlight: 10 } : undefined,
				context: index === 0 ? { fixedAt: OLD_DEFAULT_CONCURRENCY } : undefined,
				concurrency: DEFAULT_CONCURRENCY,
				maxConcurrency: max,
				repeats,
			},
			(line) => console.log(line),
		);
		if (summary) summaries.push(summary);
	}

	const memoryCounts = quick ? [2000] : [10_000, 50_000];
	const memoryLatency = 5;
	const NODE_LABEL = 'this node as shipped';
	const HTTP_LABEL = 'HTTP Request node, its default';
	let memory = new Map<string, MemoryResult>();
	if (!linkOnly && !appOnly) {
		console.log(`\nB) Memory: ${memoryCounts.join(' and ')} creates, plain HTTP on 127.0.0.1, the simulator (${memoryLatency} ms per request) in its own process,`);
		console.log(`   each client in a fresh process after a warm-up and a full GC; peak RSS is the kernel's high-water mark (maxrss)\n`);
		memory = await runMemoryTable(
			{
				counts: memoryCounts,
				latencyMs: memoryLatency,
				contenders: [
					{ label: NODE_LABEL, runner: 'bandwidth', requestOptions: {} },
					{ label: HTTP_LABEL, runner: 'httpRequest' },
				],
				hasHttpRequest: httpAvailable,
			},
			(line) => console.log(line),
		);
	}

	const apps: AppSummary[] = [];
	if (!linkOnly && !args.includes('--no-app')) {
		const only = args.find((arg) => arg.startsWith('--n8n='))?.slice('--n8n='.length);
		const lines = installedLines(only);
		if (lines.length === 0) console.log('\nC) In the n8n app: skipped (no n8n app installed: node test/e2e/install.js [--n8n=latest])');
		for (const line of lines) {
			console.log(`\nC) In the n8n app: n8n ${line.n8nVersion} (${line.name} line), HTTPS, ${rtts[0]} ms round trip, the simulator in its own process`);
			console.log("   Webhook → Code (N items) → Create, one workflow per client, credentials in the app's database; times are the Create node's in n8n's run data.\n");
			apps.push(
				await runInApp(
					line,
					{ rttMs: rtts[0], counts: quick ? [100] : [300, 1000], repeats, shedding: quick ? undefined : { serverMs: 20, maxInFlight: 10 } },
					(text) => console.log(text),
				),
			);
		}
	}

	console.log('\nSummary (ratios from this run; below 1: this node is faster or smaller):');
	for (const summary of summaries) {
		for (const comparison of summary.comparisons) {
			if (comparison.httpMs.length === 0) continue;
			const ratio = ratioOfMeans(comparison);
			console.log(
				`- ${summary.rttMs} ms, ${comparison.count} creates: this node as shipped ÷ HTTP Request node = ${fmt(ratio, 3)} (${ratio <= 1 ? 'met' : 'NOT met'}: ≤ 1; mean of ${comparison.nodeMs.length} runs each); failed ${comparison.nodeFailed} / ${comparison.httpFailed}; most requests in flight at the simulator ${comparison.nodePeakRequests} (${comparison.nodePeakRequests <= max ? 'within' : 'MORE than'} Max Concurrency ${max}; unanswered connections at the proxy, an upper bound: ${comparison.nodePeakUnanswered})`,
			);
		}
		for (const shed of summary.shedding) {
			console.log(`- load shedding at ${summary.rttMs} ms, ${shed.count} creates: ${shed.label} lost ${shed.lost}, created ${shed.created}`);
		}
	}
	for (const app of apps) {
		for (const comparison of app.comparisons) {
			const ratio = ratioOfMeans(comparison);
			console.log(
				`- in the n8n app (${app.n8nVersion}), ${app.rttMs} ms, ${comparison.count} creates: this node as shipped ÷ HTTP Request node = ${fmt(ratio, 3)} (${ratio <= 1 ? 'met' : 'NOT met'}: ≤ 1; mean of ${comparison.nodeMs.length} runs each); failed ${comparison.nodeFailed} / ${comparison.httpFailed}`,
			);
		}
		for (const shed of app.shedding) {
			console.log(`- load shedding in the n8n app (${app.n8nVersion}), ${shed.count} creates: ${shed.label} lost ${shed.lost}, created ${shed.created}`);
		}
	}
	for (const count of memoryCounts) {
		const ours = memory.get(`${NODE_LABEL}@${count}`);
		const http = memory.get(`${HTTP_LABEL}@${count}`);
		if (!ours || !http) continue;
		const verdict = (a: number, b: number) => (a <= b ? 'met' : 'NOT met');
		console.log(
			`- memory, ${count} creates: peak RSS growth ${fmt(ours.peakRssMb, 1)} MB vs ${fmt(http.peakRssMb, 1)} MB (${verdict(ours.peakRssMb, http.peakRssMb)}); heap held with output ${fmt(ours.heldWithOutputMb, 1)} MB vs ${fmt(http.heldWithOutputMb, 1)} MB (${verdict(ours.heldWithOutputMb, http.heldWithOutputMb)}); after dropping it ${fmt(ours.heldAfterMb, 1)} MB vs ${fmt(http.heldAfterMb, 1)} MB (${verdict(ours.heldAfterMb, http.heldAfterMb)}); failed ${ours.failed} / ${http.failed}`,
		);
	}
	if (!args.includes('--loopback')) {
		stopEngineTimers();
		return 0;
	}
	console.log('\nD) Loopback (plain HTTP on 127.0.0.1, no handshake cost), fixed concurrency unless said');
	const latencyItems = quick ? 200 : 1000;
	const bulkItems = quick ? 2000 : 10000;
	const latency = 20;
	const started = await startSimulator();
	const sim = started.info;
	const control = started.control;
	const httpRequest = loadHttpRequestNode();
	const lines: string[] = [];
	const say = (line: string) => {
		lines.push(line);
		console.log(line);
	};
	try {
		say(`Bandwidth WebRTC node benchmark (${new Date().toISOString()}, Node ${process.version}, default concurrency ${DEFAULT_CONCURRENCY})`);
		if (!httpRequest) say('HTTP Request node: not installed (run npm run test:e2e once to install the n8n app); comparisons with it are skipped.');

		// Warm-up: JIT, sockets, module loading.
		await control.latency(0);
		await createParticipants(sim, 'bandwidth', 200, DEFAULT_CONCURRENCY);
		if (httpRequest) await createParticipants(sim, 'httpRequest', 200, DEFAULT_CONCURRENCY, httpRequest);

		// The HTTP Request node's nearest to "N at a time": N items every `latency` ms.
		const paced: HttpBatching = { batchSize: DEFAULT_CONCURRENCY, batchInterval: latency };
		const pacedLabel = `HTTP Request node, batches of ${paced.batchSize} every ${paced.batchInterval} ms`;
		const allAtOnceLabel = 'HTTP Request node, its default (every item at once)';

		say(`\n1) ${latencyItems} create-participant items, ${latency} ms simulated latency`);
		await control.reset();
		await control.latency(latency);
		for (const concurrency of quick ? [10] : [5, 10, 20, 50]) {
			const run = await createParticipants(sim, 'bandwidth', latencyItems, concurrency);
			const bound = (latencyItems * latency) / concurrency;
			say(
				`   concurrency ${String(concurrency).padStart(2)}: ${fmt(run.ms / 1000)} s = ${fmt(run.ms / bound)} × the bound ${fmt(bound / 1000)} s (items × latency ÷ concurrency); ${run.failed} failed`,
			);
		}
		const floor = await rawAxiosFloor(sim, latencyItems, DEFAULT_CONCURRENCY);
		const floorRatio = floor / ((latencyItems * latency) / DEFAULT_CONCURRENCY);
		say(`   plain axios outside n8n, ${DEFAULT_CONCURRENCY} at a time: ${fmt(floor / 1000)} s = ${fmt(floorRatio)} × the bound (the simulator's and loopback's own cost)`);
		const ours = await createParticipants(sim, 'bandwidth', latencyItems, DEFAULT_CONCURRENCY);
		say(`   Bandwidth WebRTC node at the default (${DEFAULT_CONCURRENCY}) against plain axios: ${fmt(ours.ms / floor)}×`);
		const serial = await createParticipants(sim, 'bandwidth', latencyItems, 1);
		say(`   default concurrency (${DEFAULT_CONCURRENCY}): ${fmt(ours.ms / 1000)} s; one at a time: ${fmt(serial.ms / 1000)} s, ${fmt(serial.ms / ours.ms, 1)}× slower`);
		if (httpRequest) {
			await control.reset();
			await control.latency(latency);
			const pacedRun = await createParticipants(sim, 'httpRequest', latencyItems, DEFAULT_CONCURRENCY, httpRequest, paced);
			const pacedPeak = (await control.state()).inFlightPeak;
			say(`   ${pacedLabel}: ${fmt(pacedRun.ms / 1000)} s, up to ${pacedPeak} requests in flight (it does not wait for answers); ours at ${DEFAULT_CONCURRENCY}/HTTP = ${fmt(ours.ms / pacedRun.ms)}`);
			const peak = Math.min(MAX_CONCURRENCY, Math.max(1, Number(pacedPeak)));
			const matched = await createParticipants(sim, 'bandwidth', latencyItems, peak);
			say(`   Bandwidth WebRTC node at the same peak (concurrency ${peak}): ${fmt(matched.ms / 1000)} s; ours/HTTP = ${fmt(matched.ms / pacedRun.ms)} (below 1: ours is faster)`);
			const burst = await createParticipants(sim, 'httpRequest', latencyItems, DEFAULT_CONCURRENCY, httpRequest);
			say(`   ${allAtOnceLabel}: ${fmt(burst.ms / 1000)} s; ours/HTTP = ${fmt(ours.ms / burst.ms)}`);
		}

		say(`\n2) ${bulkItems} create-participant items, no latency`);
		await control.reset();
		await control.latency(0);
		const bulk = await createParticipants(sim, 'bandwidth', bulkItems, DEFAULT_CONCURRENCY);
		const state = await control.state();
		say(
			`   Bandwidth WebRTC node: ${fmt(bulk.ms / 1000)} s (${fmt((bulk.ms * 1000) / bulkItems, 0)} µs per item), ${bulk.failed} failed; the simulator holds ${(state.counts as IDataObject).participants} participants (memory: table B)`,
		);
		if (httpRequest) {
			await control.reset();
			const http = await createParticipants(sim, 'httpRequest', bulkItems, DEFAULT_CONCURRENCY, httpRequest);
			say(
				`   ${allAtOnceLabel}: ${fmt(http.ms / 1000)} s, ${http.failed} failed; time ours/HTTP = ${fmt(bulk.ms / http.ms)}`,
			);
		}

		const shedItems = quick ? 100 : 300;
		const maxInFlight = 5;
		say(`\n3) Load shedding: ${shedItems} items, ${latency} ms latency, 429 (Retry-After: 1) past ${maxInFlight} requests in flight`);
		const contenders: Array<[string, Runner, HttpBatching | undefined]> = [
			[`Bandwidth WebRTC node, concurrency ${DEFAULT_CONCURRENCY}`, 'bandwidth', undefined],
			[pacedLabel, 'httpRequest', paced],
			[allAtOnceLabel, 'httpRequest', undefined],
		];
		for (const [label, runner, batching] of contenders) {
			if (runner === 'httpRequest' && !httpRequest) continue;
			await control.reset();
			await control.latency(latency);
			await control.loadShedding(maxInFlight);
			const run = await createParticipants(sim, runner, shedItems, DEFAULT_CONCURRENCY, httpRequest, batching);
			const held = ((await control.state()).counts as IDataObject).participants as number;
			say(
				`   ${label}: ${run.failed} of ${shedItems} items lost (failed); ${held} participants created for ${run.ok} successful items; ${fmt(run.ms / 1000)} s`,
			);
		}
		await control.loadShedding(null);
		return 0;
	} finally {
		await stopProcess(started.child);
		stopEngineTimers();
	}
}
