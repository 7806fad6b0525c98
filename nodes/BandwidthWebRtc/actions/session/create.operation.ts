import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { tagField } from '../../descriptions/fields';
import { sessionsPath } from '../../helpers/paths';
import { checkTag } from '../../helpers/validation';
import type { BandwidthApi } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [tagField],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['session'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	api: BandwidthApi,
): Promise<IDataObject> {
	const additionalFields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = {};
	const tag = checkTag(this.getNode(), itemIndex, 'Tag', additionalFields.tag);
	if (tag !== undefined) body.tag = tag;
	const answer = await api.request({ method: 'POST', path: sessionsPath, body, itemIndex });
	return answer.body as IDataObject;
}
