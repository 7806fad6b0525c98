import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { sessionIdField } from '../../descriptions/fields';
import { sessionHints } from '../../helpers/hints';
import { sessionPath } from '../../helpers/paths';
import { readId } from '../../helpers/validation';
import type { BandwidthApi } from '../../transport';

const properties: INodeProperties[] = [sessionIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['session'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	api: BandwidthApi,
): Promise<IDataObject> {
	const sessionId = readId(this, itemIndex, 'sessionId');
	const answer = await api.request({ method: 'GET', path: sessionPath(sessionId), itemIndex, hints: sessionHints });
	return answer.body as IDataObject;
}
