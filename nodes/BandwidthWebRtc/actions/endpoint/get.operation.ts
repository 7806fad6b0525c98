import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { endpointIdField } from '../../descriptions/endpointFields';
import { endpointHints, endpointPath, readEndpointId, unwrapEnvelope } from '../../helpers/endpointRequest';
import type { BandwidthApi } from '../../transport';

const properties: INodeProperties[] = [endpointIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['endpoint'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	api: BandwidthApi,
): Promise<IDataObject> {
	const endpointId = readEndpointId(this, itemIndex);
	const answer = await api.request({ method: 'GET', path: endpointPath(endpointId), itemIndex, hints: endpointHints });
	return (unwrapEnvelope(answer.body) ?? {}) as IDataObject;
}
