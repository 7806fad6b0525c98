import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { MAX_CONCURRENCY } from '../descriptions/requestOptions';
import { mapWithConcurrency } from '../helpers/concurrency';
import type { Authentication, RequestPolicy } from '../transport';
import { BandwidthApi, DEFAULT_POLICY } from '../transport';
import type { BandwidthWebRtcResource, LocalOperationExecute, OperationExecute, OperationMap } from './node.type';
import * as endpoint from './endpoint';
import * as participant from './participant';
import * as session from './session';
import * as subscription from './subscription';

const resources: Record<BandwidthWebRtcResource, OperationMap> = {
	endpoint: endpoint.operations,
	participant: participant.operations,
	session: session.operations,
	subscription: subscription.operations,
};

/** Operations that send no request, by resource: they need no credential. */
const localOperations: Partial<Record<BandwidthWebRtcResource, Record<string, LocalOperationExecute>>> = {
	endpoint: endpoint.localOperations,
};

function findLocalOperation(resource: string, operation: string): LocalOperationExecute | undefined {
	const operations = localOperations[resource as BandwidthWebRtcResource];
	return operations && Object.hasOwn(operations, operation) ? operations[operation] : undefined;
}

function findOperation(fns: IExecuteFunctions, resource: string, operation: string): OperationExecute {
	const operations: OperationMap | undefined = resources[resource as BandwidthWebRtcResource];
	const execute = operations && Object.hasOwn(operations, operation) ? operations[operation] : undefined;
	if (!execute) {
		throw new NodeOperationError(fns.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return execute;
}

/** The node-wide Request Options, read once: they shape how items are sent, not what. */
function readRequestPolicy(fns: IExecuteFunctions): RequestPolicy {
	const options = fns.getNodeParameter('requestOptions', 0, {}) as IDataObject;
	const number = (value: unknown, fallback: number) =>
		typeof value === 'number' && Number.isFinite(value) ? value : fallback;
	const inRange = (value: number) => Math.min(MAX_CONCURRENCY, Math.max(1, Math.floor(value)));
	const savedConcurrency = typeof options.concurrency === 'number' && Number.isFinite(options.concurrency);
	const savedMax = typeof options.maxConcurrency === 'number' && Number.isFinite(options.maxConcurrency);
	// A Max Concurrency set alone also bounds the start: never more in flight than it says.
	const concurrency = savedConcurrency
		? inRange(options.concurrency as number)
		: Math.min(DEFAULT_POLICY.concurrency, savedMax ? inRange(options.maxConcurrency as number) : MAX_CONCURRENCY);
	// A Concurrency saved without Max Concurrency stays fixed, as it was before Max Concurrency existed.
	const maxConcurrency = inRange(
		number(options.maxConcurrency, options.concurrency === undefined ? DEFAULT_POLICY.maxConcurrency : concurrency),
	);
	return {
		concurrency,
		maxConcurrency: Math.max(concurrency, maxConcurrency),
		// The user's own number: Concurrency saved alone, or with an equal Max Concurrency.
		fixedConcurrency: savedConcurrency && maxConcurrency <= concurrency,
		maxAttempts: Math.max(1, Math.floor(number(options.maxAttempts, DEFAULT_POLICY.maxAttempts))),
		maxRetryWaitMs: Math.max(0, number(options.maxRetryWaitSeconds, DEFAULT_POLICY.maxRetryWaitMs / 1000) * 1000),
		timeoutMs: Math.max(1000, number(options.timeoutSeconds, DEFAULT_POLICY.timeoutMs / 1000) * 1000),
	};
}

/**
 * Runs the chosen operation for every input item, a bounded number at a time. Each input item
 * ends as its output items or, with "continue on fail", one error item, paired to it and in
 * input order. Without "continue on fail", the first failing item (by position) stops the node
 * once the requests already under way have finished.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const local = findLocalOperation(resource, operation);
	if (local) return [await runLocally(this, local)];
	const execute = findOperation(this, resource, operation);
	// BRTC endpoints have their own credential; the Authentication parameter is for WebRTC v1.
	const authentication: Authentication =
		resource === 'endpoint'
			? 'brtcOAuth2'
			: (this.getNodeParameter('authentication', 0, 'basicAuth') as Authentication);
	const policy = readRequestPolicy(this);
	const api = await BandwidthApi.connect(this, authentication, policy);
	const continueOnFail = this.continueOnFail();

	// Items start as the number of requests allowed in flight grows (never fewer than Concurrency,
	// as before): without continue on fail, fewer items are under way when one fails.
	const itemsAtOnce =
		policy.maxConcurrency > policy.concurrency ? () => Math.max(policy.concurrency, api.concurrency) : policy.concurrency;
	const perItem = await mapWithConcurrency(items.length, itemsAtOnce, async (itemIndex) => {
		try {
			const result = await execute.call(this, itemIndex, api);
			const list = Array.isArray(result) ? result : [result];
			return list.map((json) => ({ json, pairedItem: { item: itemIndex } }));
		} catch (caught) {
			const error = asNodeError(this, caught, itemIndex);
			if (!continueOnFail) throw error;
			// n8n replaces this json with {error: message}; the description and httpCode stay on `error`.
			return [{ json: { error: error.message }, error, pairedItem: { item: itemIndex } }];
		}
	});

	return [perItem.flat()];
}

/** An operation without requests, item by item, with the same pairing and continue-on-fail. */
async function runLocally(fns: IExecuteFunctions, execute: LocalOperationExecute): Promise<INodeExecutionData[]> {
	const continueOnFail = fns.continueOnFail();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < fns.getInputData().length; itemIndex++) {
		try {
			const result = await execute.call(fns, itemIndex);
			for (const json of Array.isArray(result) ? result : [result]) output.push({ json, pairedItem: { item: itemIndex } });
		} catch (caught) {
			const error = asNodeError(fns, caught, itemIndex);
			if (!continueOnFail) throw error;
			output.push({ json: { error: error.message }, error, pairedItem: { item: itemIndex } });
		}
	}
	return output;
}

/** Never rethrow a raw value: it could carry the request, and with it the credentials. */
function asNodeError(
	fns: IExecuteFunctions,
	caught: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (caught instanceof NodeApiError || caught instanceof NodeOperationError) {
		if (caught.context.itemIndex === undefined) caught.context.itemIndex = itemIndex;
		return caught;
	}
	const message = caught instanceof Error ? caught.message : String(caught);
	return new NodeOperationError(fns.getNode(), message, { itemIndex });
}
