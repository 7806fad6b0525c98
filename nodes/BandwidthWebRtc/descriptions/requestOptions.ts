import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_POLICY } from '../transport';

export const MAX_CONCURRENCY = 500;

// The editor's defaults are the transport's own, DEFAULT_POLICY, in the fields' units. Named
// here because eslint-plugin-n8n-nodes-base's node-param-default-missing takes `default: a.b`
// for no default at all; it accepts a literal, a name or a call.
const DEFAULT_CONCURRENCY = DEFAULT_POLICY.concurrency;
const DEFAULT_MAX_ATTEMPTS = DEFAULT_POLICY.maxAttempts;
const DEFAULT_MAX_CONCURRENCY = DEFAULT_POLICY.maxConcurrency;
const DEFAULT_MAX_RETRY_WAIT_SECONDS = DEFAULT_POLICY.maxRetryWaitMs / 1000;
const DEFAULT_TIMEOUT_SECONDS = DEFAULT_POLICY.timeoutMs / 1000;

export const requestOptionsField: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Request Option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
			default: DEFAULT_CONCURRENCY,
			description:
				'How many requests are sent to Bandwidth at once at first. A 429, a 503 or a timeout halves it; while answers come back clean it grows towards Max Concurrency. Set without Max Concurrency, it stays fixed. Output order always follows the input.',
		},
		{
			displayName: 'Max Attempts',
			name: 'maxAttempts',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 10 },
			default: DEFAULT_MAX_ATTEMPTS,
			description:
				'Attempts per request, the first included. Rate limits (429) are retried for every request; server and network errors only for reads, updates and deletes, never for a create that may have gone through.',
		},
		{
			displayName: 'Max Concurrency',
			name: 'maxConcurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
			default: DEFAULT_MAX_CONCURRENCY,
			description:
				'The most requests in flight at once. The node starts at Concurrency and grows towards this while Bandwidth answers without pushing back; a 429, a 503 or a timeout halves it. Equal to Concurrency: a fixed number.',
		},
		{
			displayName: 'Max Retry Wait (Seconds)',
			name: 'maxRetryWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: DEFAULT_MAX_RETRY_WAIT_SECONDS,
			description:
				'The longest wait before a retry. When Bandwidth asks to wait longer (Retry-After), the item fails instead.',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_TIMEOUT_SECONDS,
			description: 'How long one attempt may take before it is abandoned',
		},
	],
};
