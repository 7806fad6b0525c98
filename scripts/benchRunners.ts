import Module from 'module';
import path from 'path';
import { existsSync } from 'fs';

import type { ICredentialType, INode, INodeExecutionData, INodeParameters, INodeType, IVersionedNodeType } from 'n8n-workflow';

import {
	credentialsFor,
	defaultCredentialTypes,
	defaultNodeTypes,
	bandwidthNode,
	itemsNode,
	runWorkflow,
} from '../test/harness';
import type { SimulatorInfo } from '../test/stack/simulator';

/**
 * What every part of the benchmark runs: the Bandwidth WebRTC node or n8n's HTTP Request node
 * (from the n8n app installed for the e2e tests) creating participants through n8n-core's
 * engine. A leaf: it imports no other script, so the benchmark's scripts can all load it without
 * importing each other.
 */

const ROOT = path.resolve(__dirname, '..');
const HTTP_REQUEST_NODE = path.join(ROOT, 'test/e2e/node_modules/n8n-nodes-base/dist/nodes/HttpRequest/HttpRequest.node.js');
const HTTP_BASIC_CREDENTIAL = path.join(ROOT, 'test/e2e/node_modules/n8n-nodes-base/dist/credentials/HttpBasicAuth.credentials.js');

/** Loads n8n's HTTP Request node from the e2e app's packages, sharing this process's n8n-workflow. */
export function loadHttpRequestNode(): { node: INodeType | IVersionedNodeType; credential: ICredentialType } | undefined {
	if (!existsSync(HTTP_REQUEST_NODE)) return undefined;
	// Two copies of n8n-workflow break the engine's instanceof checks: resolve it to ours.
	const ours = require.resolve('n8n-workflow');
	const moduleWithResolver = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
	const resolve = moduleWithResolver._resolveFilename;
	moduleWithResolver._resolveFilename = function (request: string, ...rest: unknown[]) {
		return request === 'n8n-workflow' ? ours : resolve.call(this, request, ...rest);
	};
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { HttpRequest } = require(HTTP_REQUEST_NODE);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { HttpBasicAuth } = require(HTTP_BASIC_CREDENTIAL);
	return { node: new HttpRequest(), credential: new HttpBasicAuth() };
}

export type Runner = 'bandwidth' | 'httpRequest';

export interface RunResult {
	ms: number;
	ok: number;
	failed: number;
}

/**
 * The HTTP Request node has no concurrency limit: it sends every item at once, or with
 * Batching, `batchSize` items every `batchInterval` ms (an interval of 0 turns batching off).
 */
export interface HttpBatching {
	batchSize: number;
	batchInterval: number;
}

export async function createParticipants(
	sim: Pick<SimulatorInfo, 'baseUrl' | 'accountId'>,
	runner: Runner,
	count: number,
	concurrency: number,
	httpRequest?: ReturnType<typeof loadHttpRequestNode>,
	batching?: HttpBatching,
	/** The node's Request Options; by default `{concurrency}`. */
	requestOptions?: INodeParameters,
): Promise<RunResult> {
	const { ms, ok, failed } = await createParticipantsWithOutput(sim, runner, count, httpRequest, requestOptions ?? { concurrency }, batching);
	return { ms, ok, failed };
}

/** The same run, its output items kept (for the memory table: what the execution holds). */
export async function createParticipantsWithOutput(
	sim: Pick<SimulatorInfo, 'baseUrl' | 'accountId'>,
	runner: Runner,
	count: number,
	httpRequest: ReturnType<typeof loadHttpRequestNode>,
	/** The node's Request Options (`{}`: as shipped). */
	requestOptions: INodeParameters = {},
	batching?: HttpBatching,
): Promise<RunResult & { output: INodeExecutionData[] }> {
	const items = Array.from({ length: count }, (_, index) => ({ tag: `bench-${index}` }));
	const nodeTypes = defaultNodeTypes();
	const credentialTypes = defaultCredentialTypes();
	let node: INode;
	if (runner === 'bandwidth') {
		node = bandwidthNode(
			'Create Participant',
			{
				resource: 'participant',
				operation: 'create',
				publishPermissions: ['AUDIO'],
				additionalFields: { tag: '={{ $json.tag }}' },
				requestOptions,
			},
			{ onError: 'continueRegularOutput' },
		);
	} else {
		nodeTypes.register('n8n-nodes-base.httpRequest', httpRequest!.node);
		credentialTypes.set('httpBasicAuth', httpRequest!.credential);
		node = {
			id: 'h',
			name: 'Create Participant',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [200, 0],
			onError: 'continueRegularOutput',
			credentials: { httpBasicAuth: { id: '2', name: 'Basic' } },
			parameters: {
				method: 'POST',
				url: `${sim.baseUrl}/accounts/${sim.accountId}/participants`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpBasicAuth',
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify({ publishPermissions: ["AUDIO"], tag: $json.tag }) }}',
				options: batching ? { batching: { batch: { ...batching } } } : {},
			},
		};
	}
	const credentials = credentialsFor(
		'bandwidthWebRtcApi',
		{ accountId: sim.accountId, username: 'sim-user', password: 'sim-pass', baseUrl: sim.baseUrl },
		credentialTypes,
	);
	credentials.set('httpBasicAuth', { user: 'sim-user', password: 'sim-pass' });

	const nodes: INode[] = [
		itemsNode('Items', items),
		node,
	];
	const started = process.hrtime.bigint();
	const result = await runWorkflow({
		nodes,
		connections: { Items: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
		credentialsHelper: credentials,
		nodeTypes,
	});
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	const output = result.output(node.name);
	const failed = output.filter((item) => item.error !== undefined || item.json.error !== undefined).length;
	return { ms, ok: output.length - failed, failed: failed + (count - output.length), output };
}

/** Handles of the connections a run opened: closing ones still hold their requests and answers. */
const CONNECTION_HANDLES = new Set(['TCPSocketWrap', 'TCPWrap', 'SimpleShutdownWrap', 'TLSWrap']);

/**
 * Waits until every connection the last run opened has closed (at most 10 s), then collects
 * twice, so that the next reading or run starts from a clean heap. A memory reading taken while
 * sockets are still closing counts their buffers, and the answers they hold, against whichever
 * side of the reading they fall on: the HTTP Request node, whose hundreds of connections close
 * after it returns, read as holding less than nothing once its warm-up's sockets were freed
 * during the measured run. A timed run that starts among another's garbage pays for its
 * collection.
 */
export async function settle(gc: () => void): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (Date.now() < deadline && process.getActiveResourcesInfo().some((name) => CONNECTION_HANDLES.has(name))) {
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	gc();
	gc();
}
