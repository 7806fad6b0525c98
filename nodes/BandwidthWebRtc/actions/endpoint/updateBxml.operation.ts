import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { endpointIdField } from '../../descriptions/endpointFields';
import { checkBxml, endpointBxmlPath, endpointHints, readEndpointId } from '../../helpers/endpointRequest';
import type { BandwidthApi } from '../../transport';

const properties: INodeProperties[] = [
	endpointIdField,
	{
		displayName: 'BXML',
		name: 'bxml',
		type: 'string',
		required: true,
		typeOptions: { rows: 6 },
		default: '',
		placeholder: '<Response><StartRecording /></Response>',
		description:
			'The BXML document Bandwidth executes against the endpoint, sent as application/xml (at most 64 KB)',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['endpoint'], operation: ['updateBxml'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	api: BandwidthApi,
): Promise<IDataObject> {
	const endpointId = readEndpointId(this, itemIndex);
	const bxml = checkBxml(this.getNode(), itemIndex, this.getNodeParameter('bxml', itemIndex));
	await api.request({ method: 'PUT', path: endpointBxmlPath(endpointId), xmlBody: bxml, itemIndex, hints: endpointHints });
	return { success: true, endpointId };
}
