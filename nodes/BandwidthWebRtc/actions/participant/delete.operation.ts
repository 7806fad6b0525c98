import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { deleteOptions } from '../../descriptions/deleteOptions';
import { participantIdField } from '../../descriptions/fields';
import { participantHints } from '../../helpers/hints';
import { participantPath } from '../../helpers/paths';
import { readId } from '../../helpers/validation';
import { sendDelete } from '../../helpers/deleteRequest';
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
	await sendDelete(this, itemIndex, api, participantPath(participantId), participantHints);
	return { success: true, participantId };
}
