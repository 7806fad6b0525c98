import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { deleteOptions } from '../../descriptions/deleteOptions';
import { sessionIdField } from '../../descriptions/fields';
import { sessionHints } from '../../helpers/hints';
import { sessionPath } from '../../helpers/paths';
import { readId } from '../../helpers/validation';
import { sendDelete } from '../../helpers/deleteRequest';
import type { BandwidthApi } from '../../transport';

const properties: INodeProperties[] = [sessionIdField, deleteOptions];

export const description = updateDisplayOptions(
	{ show: { resource: ['session'], operation: ['delete'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	api: BandwidthApi,
): Promise<IDataObject> {
	const sessionId = readId(this, itemIndex, 'sessionId');
	await sendDelete(this, itemIndex, api, sessionPath(sessionId), sessionHints);
	return { success: true, sessionId };
}
