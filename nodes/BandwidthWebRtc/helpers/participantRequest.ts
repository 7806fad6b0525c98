import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import { applyCallbackSecret } from './callbackSecret';
import { redactParticipant } from './callbackUrl';

import { readTokenExpiry } from './deviceToken';
import { buildSubscriptions } from './subscriptions';
import { buildTransferBxml } from './transferBxml';
import {
	checkCallbackUrl,
	checkDeviceApiVersion,
	checkPublishPermissions,
	checkTag,
	invalidInput,
} from './validation';

export interface ParticipantAdditionalFields {
	callbackUrl?: string;
	tag?: string;
	deviceApiVersion?: string;
	subscriptions?: unknown;
}

export interface CreateOutputOptions {
	includeTokenExpiry?: boolean;
	includeTransferBxml?: boolean;
	voiceCallId?: string;
}

/** The body of POST /participants, checked field by field before anything is sent. */
export function buildCreateParticipantBody(
	node: INode,
	itemIndex: number,
	publishPermissions: unknown,
	additionalFields: ParticipantAdditionalFields,
): IDataObject {
	const body: IDataObject = {
		publishPermissions: checkPublishPermissions(node, itemIndex, 'Publish Permissions', publishPermissions),
	};
	const callbackUrl = checkCallbackUrl(node, itemIndex, 'Callback URL', additionalFields.callbackUrl);
	if (callbackUrl !== undefined) body.callbackUrl = callbackUrl;
	const tag = checkTag(node, itemIndex, 'Tag', additionalFields.tag);
	if (tag !== undefined) body.tag = tag;
	body.deviceApiVersion =
		checkDeviceApiVersion(node, itemIndex, 'Device API Version', additionalFields.deviceApiVersion) ?? 'V3';
	const subscriptions = buildSubscriptions(node, itemIndex, additionalFields.subscriptions);
	if (subscriptions !== undefined) body.subscriptions = subscriptions;
	return body;
}

export function checkCreateOutputOptions(node: INode, itemIndex: number, options: CreateOutputOptions): void {
	const callId = options.voiceCallId;
	if (options.includeTransferBxml && callId && !/^[A-Za-z0-9-]+$/.test(callId.trim())) {
		throw invalidInput(node, itemIndex, 'Voice Call ID', `"${callId}" is not a Voice API call ID (c-…)`);
	}
}

/**
 * What Create and Create in Session read of one item, checked before anything is sent: the body
 * of POST /participants (with the callback secret, when chosen) and the output options.
 */
export async function readCreateParticipantInput(
	fns: IExecuteFunctions,
	itemIndex: number,
): Promise<{ body: IDataObject; options: CreateOutputOptions & IDataObject }> {
	const node = fns.getNode();
	const body = buildCreateParticipantBody(
		node,
		itemIndex,
		fns.getNodeParameter('publishPermissions', itemIndex, []),
		fns.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject,
	);
	const options = fns.getNodeParameter('options', itemIndex, {}) as CreateOutputOptions & IDataObject;
	checkCreateOutputOptions(node, itemIndex, options);
	const callbackUrl = await applyCallbackSecret(fns, itemIndex, body.callbackUrl as string | undefined);
	if (callbackUrl !== undefined) body.callbackUrl = callbackUrl;
	return { body, options };
}

/**
 * The API's `{participant, token}` plus what the user asked for in Options; never less, but
 * with any callback secret in the participant's callbackUrl hidden.
 */
export function decorateCreateOutput(answer: IDataObject, options: CreateOutputOptions): IDataObject {
	const output: IDataObject = { ...answer, participant: redactParticipant(answer.participant) };
	const token = answer.token;
	if (options.includeTokenExpiry) {
		Object.assign(output, readTokenExpiry(token) ?? { tokenExpiresAt: null, tokenExpiresInSeconds: null });
	}
	if (options.includeTransferBxml && typeof token === 'string') {
		output.transferBxml = buildTransferBxml(token, options.voiceCallId?.trim() || undefined);
	}
	return output;
}
