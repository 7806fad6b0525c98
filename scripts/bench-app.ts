import { execFileSync } from 'child_process';
import { existsSync, readFileSync, rmSync } from 'fs';
import path from 'path';

import { makeCertificate, simControl, startLatencyProxy } from './latencyLink';
import type { LatencyProxy } from './latencyLink';
import type { StartedSimulator } from '../test/stack/simulator';
import type { StartedProcess } from '../test/stack/processes';
import { stopProcess } from '../test/stack/processes';

/**
 * The comparison inside the real n8n app, where users meet it: the app of an installed line
 * (test/e2e/lines.js) with this package, started by the stack's own `bringUp`, runs one workflow
 * per client (Webhook → Code making N items → Create) against the HTTPS simulator behind the same
 * latency proxy as the engine's link (latencyLink.ts). The app's credentials live in its database,
 * so a node that asks n8n for its credential on every request pays a database read and a
 * decryption each time; this node reads it once per execution. Timings are n8n's own: the Create
 * node's `executionTime` in the execution's run data.
 */

const ROOT = path.resolve(__dirname, '..');

// The stack is plain JavaScript (test/stack, test/e2e): typed here for what this file uses.
interface Line {
	name: string;
	n8nVersion: string;
	modules: string;
	n8nBin: string;
}
interface RestClient {
	call(method: string, urlPath: string, body?: unknown, options?: { timeoutMs?: number }): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
	request(method: string, urlPath: string, body?: unknown, options?: { timeoutMs?: number }): Promise<{ status: number; text: string }>;
}
interface Execution {
	id: string;
	status: string;
}
interface Stack {
	app: {
		activateWorkflow(rest: RestClient, id: string, versionId: string): Promise<unknown>;
		listExecutions(rest: RestClient, workflowId: string, options?: { limit?: number }): Promise<Execution[]>;
		waitForExecutions(
			rest: RestClient,
			workflowId: string,
			predicate: (executions: Execution[]) => boolean,
			options?: { timeoutMs?: number; limit?: number },
		): Promise<Execution[]>;
		getExecution(rest: RestClient, id: string): Promise<Execution & { data: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
	};
	sim: StartedSimulator;
	n8n: StartedProcess;
	baseUrl: string;
	rest: RestClient;
}
/* eslint-disable @typescript-eslint/no-require-imports */
const { bringUp } = require('../test/stack/bringUp') as { bringUp(options: Record<string, unknown>): Promise<Stack> };
const { describeLine, LINE_NAMES } = require('../test/e2e/lines') as { describeLine(name: string): Line; LINE_NAMES: string[] };
const { freePort } = require('../test/stack/processes') as { freePort(): Promise<number> };
const { NODE_TYPE, linearWorkflow } = require('../test/stack/fixtures') as {
	NODE_TYPE: string;
	linearWorkflow(id: string, name: string, nodes: Array<Record<string, unknown>>): unknown;
};
const { newRunFolder, secret } = require('../test/stack/runs') as { newRunFolder(dir: string): string; secret(prefix: string): string };
const { SIM_DEFAULTS, simulatorEnv } = require('../test/stack/simulator') as {
	SIM_DEFAULTS: { accountId: string; username: string; password: string };
	simulatorEnv(user: Record<string, string>): Record<string, string>;
};
/* eslint-enable @typescript-eslint/no-require-imports */

const RUNS_DIR = path.join(ROOT, '.bench-run', 'app');

export interface AppOptions {
	rttMs: number;
	counts: number[];
	repeats: number;
	/** The load-shedding table, as on the engine's link; none: skipped. */
	shedding?: { serverMs: number; maxInFlight: number };
}

export interface AppSummary {
	n8nVersion: string;
	rttMs: number;
	comparisons: Array<{ count: number; nodeMs: number[]; httpMs: number[]; nodeFailed: number; httpFailed: number }>;
	shedding: Array<{ count: number; label: string; lost: number; created: number }>;
}

/** The lines whose app is installed (`node test/e2e/install.js [--n8n=latest]`), or the one asked for. */
export function installedLines(only?: string): Line[] {
	const names = only ? [only] : LINE_NAMES;
	for (const name of names) if (!LINE_NAMES.includes(name)) throw new Error(`--n8n must be one of ${LINE_NAMES.join(', ')}, not "${name}"`);
	return names.map(describeLine).filter((line) => existsSync(line.n8nBin));
}

/** The HTTP Request node's version that a user adding it today gets on this line (its defaultVersion). */
function httpRequestDefaultVersion(line: Line): number {
	const file = path.join(line.modules, 'n8n-nodes-base', 'dist', 'nodes', 'HttpRequest', 'HttpRequest.node.js');
	const match = /defaultVersion:\s*([\d.]+)/.exec(readFileSync(file, 'utf8'));
	if (!match) throw new Error(`no defaultVersion in ${file}`);
	return Number(match[1]);
}

const NODE_WORKFLOW = 'benchAppBandwidth';
const HTTP_WORKFLOW = 'benchAppHttpRequest';

/** Webhook (answers when the last node is done) → Code (N items) → Create, a participant per item. */
function workflow(id: string, create: Record<string, unknown>) {
	return linearWorkflow(id, id, [
		{
			id: `${id}-webhook`,
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: id,
			parameters: { httpMethod: 'POST', path: id, responseMode: 'lastNode', responseData: 'noData' },
		},
		{
			id: `${id}-items`,
			name: 'Items',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [220, 0],
			parameters: { jsCode: "return Array.from({ length: $input.first().json.body.count }, (_, i) => ({ json: { tag: 'bench-' + i } }));" },
		},
		{ id: `${id}-create`, name: 'Create', position: [440, 0], onError: 'continueRegularOutput', ...create },
	]);
}

/** The Linux process's CPU time so far (user + system), in ms; undefined elsewhere. */
function processCpuMs(pid: number | undefined): number | undefined {
	const file = `/proc/${pid}/stat`;
	if (pid === undefined || !existsSync(file)) return undefined;
	const fields = readFileSync(file, 'utf8').split(') ')[1].split(' ');
	const ticks = Number(fields[11]) + Number(fields[12]);
	return (ticks * 1000) / clockTicksPerSecond();
}

let ticksPerSecond: number | undefined;
/** The kernel's clock ticks per second, in which /proc counts CPU time (100 where getconf is missing). */
function clockTicksPerSecond(): number {
	if (ticksPerSecond === undefined) {
		try {
			ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
		} catch {
			ticksPerSecond = 100;
		}
	}
	return ticksPerSecond;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (value: number, digits = 2) => value.toFixed(digits);

/** Runs the comparison in one line's app; `say` gets each line of its tables. */
export async function runInApp(line: Line, options: AppOptions, say: (line: string) => void): Promise<AppSummary> {
	const certificate = makeCertificate();
	const runDir = newRunFolder(RUNS_DIR);
	const user = { ...SIM_DEFAULTS, password: secret('sim-') };
	const simPort = await freePort();
	let proxy: LatencyProxy | undefined;
	let stack: Stack | undefined;
	try {
		// The proxy forwards to the simulator's port, chosen now; nothing connects before it listens.
		proxy = await startLatencyProxy(simPort, options.rttMs);
		const baseUrl = `https://127.0.0.1:${proxy.port}/v1`;
		const httpVersion = httpRequestDefaultVersion(line);
		stack = await bringUp({
			line,
			say: () => undefined,
			build: 'never',
			userFolder: path.join(runDir, 'user'),
			logFile: (name: string) => path.join(runDir, `${name}.log`),
			simulator: { port: simPort, env: simulatorEnv(user), tls: { keyFile: certificate.key, certFile: certificate.cert } },
			// n8n trusts this run's certificate, as it would a real CA's (its agents use Node's CA store).
			env: { NODE_EXTRA_CA_CERTS: certificate.cert },
			importDir: path.join(runDir, 'import'),
			owner: { email: 'bench-owner@example.com', firstName: 'Bench', lastName: 'Owner', password: secret('Owner1-') },
			imports: () => ({
				credentials: [
					{ id: 'benchAppBandwidth', name: 'Bandwidth', type: 'bandwidthWebRtcApi', data: { accountId: user.accountId, username: user.username, password: user.password, baseUrl } },
					{ id: 'benchAppBasicAuth', name: 'Basic auth', type: 'httpBasicAuth', data: { user: user.username, password: user.password } },
				],
				workflows: {
					[NODE_WORKFLOW]: workflow(NODE_WORKFLOW, {
						type: NODE_TYPE,
						typeVersion: 1,
						credentials: { bandwidthWebRtcApi: { id: 'benchAppBandwidth', name: 'Bandwidth' } },
						parameters: { resource: 'participant', operation: 'create', publishPermissions: ['AUDIO'], additionalFields: { tag: '={{ $json.tag }}' } },
					}),
					[HTTP_WORKFLOW]: workflow(HTTP_WORKFLOW, {
						type: 'n8n-nodes-base.httpRequest',
						typeVersion: httpVersion,
						credentials: { httpBasicAuth: { id: 'benchAppBasicAuth', name: 'Basic auth' } },
						parameters: {
							method: 'POST',
							url: `${baseUrl}/accounts/${user.accountId}/participants`,
							authentication: 'genericCredentialType',
							genericAuthType: 'httpBasicAuth',
							sendBody: true,
							specifyBody: 'json',
							jsonBody: '={{ JSON.stringify({ publishPermissions: ["AUDIO"], tag: $json.tag }) }}',
							options: {},
						},
					}),
				},
			}),
		});
		const { rest } = stack;
		const ca = readFileSync(certificate.cert, 'utf8');
		const control = (what: string, body?: unknown) => simControl(stack!.sim.info.url, what, body, ca);
		for (const id of [NODE_WORKFLOW, HTTP_WORKFLOW]) {
			const saved = await rest.call('GET', `/rest/workflows/${id}`);
			await stack.app.activateWorkflow(rest, id, saved.versionId);
		}
		const { app } = stack;
		const n8nPid = stack.n8n.pid;
		const webhookBase = stack.baseUrl;
		const FINISHED = ['success', 'error', 'crashed', 'canceled'];

		/** One execution of a workflow with `count` items: n8n's time for the Create node, its failed items. */
		async function execute(workflowId: string, count: number) {
			const before = (await app.listExecutions(rest, workflowId, { limit: 1 }))[0]?.id;
			const cpuBefore = processCpuMs(n8nPid);
			const started = Date.now();
			const answer = await rest.request('POST', `${webhookBase}/webhook/${workflowId}`, { count }, { timeoutMs: 600_000 });
			const triggerToAnswerMs = Date.now() - started;
			const cpuAfter = processCpuMs(n8nPid);
			if (answer.status !== 200) throw new Error(`the ${workflowId} webhook answered ${answer.status}: ${answer.text.slice(0, 300)}`);
			// The execution is saved a moment after the webhook answers.
			const saved = ([newest]: Execution[]) => newest !== undefined && newest.id !== before && FINISHED.includes(newest.status);
			const list = await app.waitForExecutions(rest, workflowId, saved, { timeoutMs: 60_000, limit: 1 });
			if (!saved(list)) throw new Error(`no finished execution of ${workflowId} saved within 60 s`);
			const execution = await app.getExecution(rest, list[0].id);
			const { resultData } = execution.data;
			const run = resultData.runData.Create?.[0];
			if (!run) throw new Error(`${workflowId}: the Create node did not run (${execution.status}): ${JSON.stringify(resultData.error ?? null).slice(0, 500)}`);
			const items = (run.data?.main?.[0] ?? []) as Array<{ json: { error?: unknown } }>;
			const failed = items.filter((item) => item.json.error !== undefined).length + (count - items.length);
			const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
			return { ms: run.executionTime as number, triggerToAnswerMs, cpuMs, failed };
		}

		async function measure(workflowId: string, count: number, shedding?: AppOptions['shedding']) {
			await control('reset');
			if (shedding) {
				await control('latency', { ms: shedding.serverMs });
				await control('load-shedding', { maxInFlight: shedding.maxInFlight });
			}
			// The last run's connections close through the proxy before the next starts.
			await sleep(4 * options.rttMs + 500);
			const result = await execute(workflowId, count);
			const state = await control('state');
			const created = (state.counts as { participants: number }).participants;
			const requests = shedding ? ((await control('requests')) as unknown as Array<{ status: number }>) : [];
			return { ...result, created, shed: requests.filter((request) => request.status === 429).length };
		}

		const NODE_LABEL = 'this node as shipped';
		const HTTP_LABEL = `HTTP Request node ${httpVersion}, its default`;
		// Warm-up: the task runner's first Code run, JIT, the first handshakes; as many items as the smaller comparison.
		for (let round = 0; round < 2; round++) {
			await execute(NODE_WORKFLOW, options.counts[0]);
			await execute(HTTP_WORKFLOW, options.counts[0]);
		}

		const summary: AppSummary = { n8nVersion: line.n8nVersion, rttMs: options.rttMs, comparisons: [], shedding: [] };
		const cpu = (ms: number | undefined) => (ms === undefined ? '–' : `${fmt(ms / 1000)} s`);
		say(`| client (n8n ${line.n8nVersion}) | creates | Create node's time (run data) | webhook to answer | n8n process CPU | failed |`);
		say('|---|---|---|---|---|---|');
		for (const count of options.counts) {
			const comparison = { count, nodeMs: [] as number[], httpMs: [] as number[], nodeFailed: 0, httpFailed: 0 };
			// In the order HTTP, node, node, HTTP, …: drift in the machine's load weighs on both alike.
			for (let round = 0; round < options.repeats; round++) {
				for (const side of round % 2 === 0 ? ['http', 'node'] : ['node', 'http']) {
					const http = side === 'http';
					const m = await measure(http ? HTTP_WORKFLOW : NODE_WORKFLOW, count);
					say(`| ${http ? HTTP_LABEL : NODE_LABEL} | ${count} | ${fmt(m.ms / 1000)} s | ${fmt(m.triggerToAnswerMs / 1000)} s | ${cpu(m.cpuMs)} | ${m.failed} |`);
					(http ? comparison.httpMs : comparison.nodeMs).push(m.ms);
					if (http) comparison.httpFailed += m.failed;
					else comparison.nodeFailed += m.failed;
				}
			}
			summary.comparisons.push(comparison);
		}

		if (options.shedding) {
			const { serverMs, maxInFlight } = options.shedding;
			say('');
			say(`Load shedding in the app (${options.rttMs} ms): Bandwidth takes ${serverMs} ms per request and answers 429 (Retry-After: 1) past ${maxInFlight} requests in flight.`);
			say('');
			say('| client | creates | lost (failed items) | participants created | 429 answers | Create node\'s time |');
			say('|---|---|---|---|---|---|');
			for (const count of options.counts) {
				for (const [label, workflowId] of [[HTTP_LABEL, HTTP_WORKFLOW], [NODE_LABEL, NODE_WORKFLOW]]) {
					const m = await measure(workflowId, count, options.shedding);
					say(`| ${label} | ${count} | ${m.failed} | ${m.created} | ${m.shed} | ${fmt(m.ms / 1000)} s |`);
					summary.shedding.push({ count, label, lost: m.failed, created: m.created });
				}
			}
		}
		return summary;
	} finally {
		if (stack) {
			await stopProcess(stack.n8n);
			await stopProcess(stack.sim.child);
		}
		proxy?.close();
		rmSync(certificate.dir, { recursive: true, force: true });
		// The run folder (logs, the app's database) stays until the next run, for a look.
	}
}
