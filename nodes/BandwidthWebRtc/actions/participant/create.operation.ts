import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	createOutputOptions,
	participantAdditionalFields,
	publishPermissionsField,
} from '../../descriptions/participantFields';
import { decorateCreateOutput, readCreateParticipantInput } from '../../helpers/participantRequest';
import { participantsPath } from '../../helpers/paths';
import type { BandwidthApi } from '../../transport';

const properties: INodeProperties[] = [
	publishPermissionsField,
	participantAdditionalFields,
	createOutputOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['participant'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	api: BandwidthApi,
): Promise<IDataObject> {
	const { body, options } = await readCreateParticipantInput(this, itemIndex);
	const answer = await api.request({ method: 'POST', path: participantsPath, body, itemIndex });
	return decorateCreateOutput(answer.body as IDataObject, options);
}
