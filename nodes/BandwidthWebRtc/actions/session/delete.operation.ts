import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { deleteOptions } from '../../descriptions/deleteOptions';
import { sessionIdField } from '../../descriptions/fields';
import { sessionHints } from '../../helpers/hints';
import { sessionPath } from '../../helpers/paths';
import { readId } from '../../helpers/validation';
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
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	await api.request({
		method: 'DELETE',
		path: sessionPath(sessionId),
		itemIndex,
		hints: sessionHints,
		allowNotFound: options.notFoundIsSuccess === true,
	});
	return { success: true, sessionId };
}
