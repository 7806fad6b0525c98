import type { IExecuteFunctions } from 'n8n-workflow';

import { CALLBACK_CREDENTIAL_TYPE, CALLBACK_SECRET_QUERY_PARAMETER } from '../../../credentials/shared';
import { invalidInput } from './validation';

/**
 * A participant's callbackUrl can carry the Bandwidth WebRTC Trigger's secret (Bandwidth takes
 * only a URL). The secret comes from the encrypted callback credential when the request is sent,
 * so it is never in the workflow, and it is hidden in every callbackUrl the node outputs, since
 * Bandwidth echoes the URL back (helpers/callbackUrl.ts).
 */

/**
 * With Callback Authentication set to Callback Secret, the callback URL with the credential's
 * secret in its query (replacing any there); otherwise the URL as given.
 */
export async function applyCallbackSecret(
	fns: IExecuteFunctions,
	itemIndex: number,
	callbackUrl: string | undefined,
): Promise<string | undefined> {
	if (fns.getNodeParameter('callbackAuthentication', itemIndex, 'none') !== 'callbackSecret') return callbackUrl;
	const node = fns.getNode();
	if (callbackUrl === undefined) {
		throw invalidInput(
			node,
			itemIndex,
			'Callback URL',
			'it is empty, but Callback Authentication is Callback Secret',
			"Set Additional Fields > Callback URL to the Bandwidth WebRTC Trigger's Production URL",
		);
	}
	const { secret } = await fns.getCredentials(CALLBACK_CREDENTIAL_TYPE, itemIndex);
	if (typeof secret !== 'string' || secret === '') {
		throw invalidInput(node, itemIndex, 'Callback Secret', 'the Bandwidth WebRTC Callback API credential holds no secret');
	}
	const url = new URL(callbackUrl);
	url.searchParams.set(CALLBACK_SECRET_QUERY_PARAMETER, secret);
	return url.toString();
}
