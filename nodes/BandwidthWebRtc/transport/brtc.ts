import type { IDataObject } from 'n8n-workflow';

import { accountUrl, DEFAULT_BRTC_BASE_URL } from '../../../credentials/shared';

/**
 * What the transport needs to know of BRTC (Bandwidth's current WebRTC product, the Endpoints
 * API at https://api.bandwidth.com/v2): its account URL and its error envelope
 * `{links, data, errors: [{type, description, source?}]}`.
 */

export const BRTC_CREDENTIAL_TYPE = 'bandwidthBrtcOAuth2Api';

/** The error Bandwidth answers (429) when the account holds as many endpoints as it may. */
export const TOO_MANY_ENDPOINTS = 'too_many_endpoints';

export const TOO_MANY_ENDPOINTS_HINT =
	'The account holds as many endpoints as Bandwidth allows: delete the endpoints no longer needed (Endpoint > Get Many, then Endpoint > Delete) or wait until they expire, 24 hours after creation. The node does not retry this: waiting a few seconds frees nothing.';

/** The BRTC base URL (the production one when empty) and the account path. */
export function brtcAccountUrl(baseUrl: unknown, accountId: unknown): string {
	return accountUrl(baseUrl, accountId, DEFAULT_BRTC_BASE_URL);
}

interface BrtcError {
	type?: string;
	description?: string;
}

/** The `errors` of a BRTC envelope; an empty list for any other body. */
export function brtcErrors(data: unknown): BrtcError[] {
	const errors = (data as IDataObject | undefined)?.errors;
	if (!Array.isArray(errors)) return [];
	return errors.filter((error): error is BrtcError => typeof error === 'object' && error !== null);
}

/**
 * Bandwidth's own text for a BRTC error answer: each error's description with its type, e.g.
 * `Too many endpoints. … (too_many_endpoints)`; undefined for a body without BRTC errors.
 */
export function brtcErrorText(data: unknown): string | undefined {
	const parts = brtcErrors(data)
		.map((error) => {
			const description = typeof error.description === 'string' ? error.description.trim() : '';
			const type = typeof error.type === 'string' ? error.type.trim() : '';
			if (description && type) return `${description} (${type})`;
			return description || type;
		})
		.filter((part) => part !== '');
	return parts.length > 0 ? parts.join('; ') : undefined;
}

export function isTooManyEndpoints(data: unknown): boolean {
	return brtcErrors(data).some((error) => error.type === TOO_MANY_ENDPOINTS);
}
