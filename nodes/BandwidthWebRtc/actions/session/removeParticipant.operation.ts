import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { participantIdField, sessionIdField } from '../../descriptions/fields';
import { sessionParticipantHints } from '../../helpers/hints';
import { sessionParticipantPath } from '../../helpers/paths';
import { readId } from '../../helpers/validation';
import type { BandwidthApi } from '../../transport';

const properties: INodeProperties[] = [sessionIdField, participantIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['session'], operation: ['removeParticipant'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	api: BandwidthApi,
): Promise<IDataObject> {
	const sessionId = readId(this, itemIndex, 'sessionId');
	const participantId = readId(this, itemIndex, 'participantId');
	await api.request({
		method: 'DELETE',
		path: sessionParticipantPath(sessionId, participantId),
		itemIndex,
		hints: sessionParticipantHints,
	});
	return { success: true, sessionId, participantId };
}
