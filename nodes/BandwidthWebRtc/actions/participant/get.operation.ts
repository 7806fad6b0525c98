import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { participantIdField } from '../../descriptions/fields';
import { redactParticipant } from '../../helpers/callbackUrl';
import { participantHints } from '../../helpers/hints';
import { participantPath } from '../../helpers/paths';
import { readId } from '../../helpers/validation';
import type { BandwidthApi } from '../../transport';

const properties: INodeProperties[] = [participantIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['participant'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	api: BandwidthApi,
): Promise<IDataObject> {
	const participantId = readId(this, itemIndex, 'participantId');
	const answer = await api.request({
		method: 'GET',
		path: participantPath(participantId),
		itemIndex,
		hints: participantHints,
	});
	return redactParticipant(answer.body as IDataObject);
}
