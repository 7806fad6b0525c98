import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import {
	createEndpointOptions,
	endpointAdditionalFields,
	endpointDirectionField,
	endpointTypeField,
} from '../../descriptions/endpointFields';
import {
	accountEndpointsHints,
	decorateCreateEndpointOutput,
	endpointsPath,
	readCreateEndpointInput,
	unwrapEnvelope,
} from '../../helpers/endpointRequest';
import type { BandwidthApi } from '../../transport';

const properties: INodeProperties[] = [
	endpointTypeField,
	endpointDirectionField,
	endpointAdditionalFields,
	createEndpointOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['endpoint'], operation: ['create'] } },
	properties,
);

/** One item: the endpoint's fields with its device token as `token`. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	api: BandwidthApi,
): Promise<IDataObject> {
	const { body, options } = await readCreateEndpointInput(this, itemIndex);
	const answer = await api.request({ method: 'POST', path: endpointsPath, body, itemIndex, hints: accountEndpointsHints });
	const data = unwrapEnvelope(answer.body);
	if (!data || typeof data !== 'object' || Array.isArray(data) || typeof (data as IDataObject).token !== 'string') {
		throw new NodeApiError(
			this.getNode(),
			{ status: answer.statusCode, message: 'No endpoint token in the answer' },
			{
				message: `Bandwidth answered ${answer.statusCode} without the endpoint and its token`,
				description:
					'The endpoint may have been created: it was not sent again. List the endpoints (Get Many) before re-running this item.',
				itemIndex,
			},
		);
	}
	return decorateCreateEndpointOutput(data as IDataObject, options);
}
