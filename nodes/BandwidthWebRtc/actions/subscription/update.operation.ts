import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { participantIdField, sessionIdField, subscriptionsField } from '../../descriptions/fields';
import { sessionParticipantHints } from '../../helpers/hints';
import { subscriptionsPath } from '../../helpers/paths';
import { buildSubscriptions } from '../../helpers/subscriptions';
import { readId } from '../../helpers/validation';
import type { BandwidthApi } from '../../transport';

const properties: INodeProperties[] = [
	sessionIdField,
	participantIdField,
	subscriptionsField({
		description:
			'The complete new subscriptions: they replace the current ones. Leave empty to receive no one.',
	}),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['subscription'], operation: ['update'] } },
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
	// A full replace: an empty object clears the subscriptions.
	const subscriptions =
		buildSubscriptions(node, itemIndex, this.getNodeParameter('subscriptions', itemIndex, {})) ?? {};
	await api.request({
		method: 'PUT',
		path: subscriptionsPath(sessionId, participantId),
		body: subscriptions,
		itemIndex,
		hints: sessionParticipantHints,
	});
	return { success: true, sessionId, participantId };
}
