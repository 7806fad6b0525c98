import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import {
	accountEndpointsHints,
	checkListFilters,
	listEndpointsPath,
	MAX_LIST_PAGE_SIZE,
	nextCursor,
	unwrapEnvelope,
} from '../../helpers/endpointRequest';
import { invalidInput } from '../../helpers/validation';
import type { BandwidthApi } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Connected', value: 'CONNECTED' },
					{ name: 'Disconnected', value: 'DISCONNECTED' },
				],
				default: 'CONNECTED',
				description: 'Only endpoints with this status',
			},
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				options: [{ name: 'WebRTC', value: 'WEBRTC' }],
				default: 'WEBRTC',
				description: 'Only endpoints of this type',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['endpoint'], operation: ['getAll'] } },
	properties,
);

/** One item per endpoint, following Bandwidth's `next` cursor until done or the limit is reached. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	api: BandwidthApi,
): Promise<IDataObject[]> {
	const node = this.getNode();
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	let wanted = Infinity;
	if (!returnAll) {
		const limit = this.getNodeParameter('limit', itemIndex, 50);
		if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
			throw invalidInput(node, itemIndex, 'Limit', `"${String(limit)}" is not a whole number of at least 1`);
		}
		wanted = limit;
	}
	const filters = checkListFilters(node, itemIndex, this.getNodeParameter('filters', itemIndex, {}) as IDataObject);

	const endpoints: IDataObject[] = [];
	const seenCursors = new Set<string>();
	let cursor: string | undefined;
	do {
		const pageSize = Math.min(MAX_LIST_PAGE_SIZE, wanted - endpoints.length);
		const answer = await api.request({
			method: 'GET',
			path: listEndpointsPath(filters, pageSize, cursor),
			itemIndex,
			hints: accountEndpointsHints,
		});
		const page = unwrapEnvelope(answer.body);
		if (!Array.isArray(page)) {
			throw new NodeApiError(
				node,
				{ status: answer.statusCode, message: 'No endpoint list in the answer' },
				{ message: `Bandwidth answered ${answer.statusCode} without a list of endpoints`, itemIndex },
			);
		}
		endpoints.push(...(page as IDataObject[]).slice(0, wanted - endpoints.length));
		cursor = page.length > 0 ? nextCursor(answer.body) : undefined;
		if (cursor !== undefined) {
			// A cursor seen before would loop forever: stop with what Bandwidth gave.
			if (seenCursors.has(cursor)) {
				throw new NodeApiError(
					node,
					{ message: 'Repeated page cursor' },
					{
						message: 'Bandwidth sent the same next-page cursor twice',
						description: `Stopped after ${endpoints.length} endpoints instead of asking for the same page again.`,
						itemIndex,
					},
				);
			}
			seenCursors.add(cursor);
		}
	} while (cursor !== undefined && endpoints.length < wanted);
	return endpoints;
}
