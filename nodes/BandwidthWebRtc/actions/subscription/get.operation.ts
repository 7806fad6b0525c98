import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { participantIdField, sessionIdField } from '../../descriptions/fields';
import { sessionParticipantHints } from '../../helpers/hints';
import { subscriptionsPath } from '../../helpers/paths';
import { readId } from '../../helpers/validation';
import type { BandwidthApi } from '../../transport';

const properties: INodeProperties[] = [sessionIdField, participantIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['subscription'], operation: ['get'] } },
	properties,
);

/** The participant's subscriptions in the session; `{}` when it has none (the API answers 204). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	api: BandwidthApi,
): Promise<IDataObject> {
	const sessionId = readId(this, itemIndex, 'sessionId');
	const participantId = readId(this, itemIndex, 'participantId');
	const answer = await api.request({
		method: 'GET',
		path: subscriptionsPath(sessionId, participantId),
		itemIndex,
		hints: sessionParticipantHints,
	});
	return (answer.body as IDataObject | undefined) ?? {};
}
