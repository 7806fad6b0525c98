import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { sessionIdField } from '../../descriptions/fields';
import { redactParticipant } from '../../helpers/callbackUrl';
import { sessionHints } from '../../helpers/hints';
import { sessionParticipantsPath } from '../../helpers/paths';
import { readId } from '../../helpers/validation';
import type { BandwidthApi } from '../../transport';

const properties: INodeProperties[] = [sessionIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['session'], operation: ['getParticipants'] } },
	properties,
);

/** One output item per participant; an empty session (the API answers 204) gives none. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	api: BandwidthApi,
): Promise<IDataObject[]> {
	const sessionId = readId(this, itemIndex, 'sessionId');
	const answer = await api.request({
		method: 'GET',
		path: sessionParticipantsPath(sessionId),
		itemIndex,
		hints: sessionHints,
	});
	return Array.isArray(answer.body) ? (answer.body as IDataObject[]).map(redactParticipant) : [];
}
