import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { endpointDeleteOptions, endpointIdField } from '../../descriptions/endpointFields';
import { endpointHints, endpointPath, readEndpointId } from '../../helpers/endpointRequest';
import { sendDelete } from '../../helpers/deleteRequest';
import type { BandwidthApi } from '../../transport';

const properties: INodeProperties[] = [endpointIdField, endpointDeleteOptions];

export const description = updateDisplayOptions(
	{ show: { resource: ['endpoint'], operation: ['delete'] } },
	properties,
);

/** Ends the endpoint, its token and any connection it has. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	api: BandwidthApi,
): Promise<IDataObject> {
	const endpointId = readEndpointId(this, itemIndex);
	await sendDelete(this, itemIndex, api, endpointPath(endpointId), endpointHints);
	return { success: true, endpointId };
}
