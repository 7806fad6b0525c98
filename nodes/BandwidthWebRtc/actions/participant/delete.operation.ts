import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { deleteOptions } from '../../descriptions/deleteOptions';
import { participantIdField } from '../../descriptions/fields';
import { participantHints } from '../../helpers/hints';
import { participantPath } from '../../helpers/paths';
import { readId } from '../../helpers/validation';
import type { BandwidthApi } from '../../transport';

const properties: INodeProperties[] = [participantIdField, deleteOptions];

export const description = updateDisplayOptions(
	{ show: { resource: ['participant'], operation: ['delete'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	api: BandwidthApi,
): Promise<IDataObject> {
	const participantId = readId(this, itemIndex, 'participantId');
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	await api.request({
		method: 'DELETE',
		path: participantPath(participantId),
		itemIndex,
		hints: participantHints,
		allowNotFound: options.notFoundIsSuccess === true,
	});
	return { success: true, participantId };
}
