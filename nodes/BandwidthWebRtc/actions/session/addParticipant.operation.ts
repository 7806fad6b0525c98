import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { participantIdField, sessionIdField, subscriptionsField } from '../../descriptions/fields';
import { sessionParticipantHints } from '../../helpers/hints';
import { sessionParticipantPath } from '../../helpers/paths';
import { buildSubscriptions } from '../../helpers/subscriptions';
import { readId } from '../../helpers/validation';
import type { BandwidthApi } from '../../transport';

const properties: INodeProperties[] = [
	sessionIdField,
	participantIdField,
	subscriptionsField({
		description:
			'Whose media the participant receives in this session. Leave empty to receive no one until you update its subscriptions; set Session ID to this session to receive everyone.',
	}),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['session'], operation: ['addParticipant'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	api: BandwidthApi,
): Promise<IDataObject> {
	const node = this.getNode();
	const sessionId = readId(this, itemIndex, 'sessionId');
	const participantId = readId(this, itemIndex, 'participantId');
	const subscriptions = buildSubscriptions(node, itemIndex, this.getNodeParameter('subscriptions', itemIndex, {}));
	await api.request({
		method: 'PUT',
		path: sessionParticipantPath(sessionId, participantId),
		body: subscriptions,
		itemIndex,
		hints: sessionParticipantHints,
	});
	return { success: true, sessionId, participantId };
}
