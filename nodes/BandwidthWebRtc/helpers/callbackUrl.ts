import type { IDataObject } from 'n8n-workflow';

import { CALLBACK_SECRET_QUERY_PARAMETER } from '../../../credentials/shared';

/**
 * Hiding the trigger's secret in a callback URL. A leaf module: validation messages and the
 * outputs both need it, and it needs nothing of theirs.
 */

export const REDACTED = '***';

const SECRET_IN_URL = new RegExp(`([?&]${CALLBACK_SECRET_QUERY_PARAMETER}=)[^&#]*`, 'gi');

export function redactCallbackUrl(url: string): string {
	return url.replace(SECRET_IN_URL, `$1${REDACTED}`);
}

/** A copy of a participant with the secret in its callbackUrl hidden (Bandwidth echoes the URL back). */
export function redactParticipant<T>(participant: T): T {
	if (!participant || typeof participant !== 'object' || Array.isArray(participant)) return participant;
	const { callbackUrl } = participant as IDataObject;
	if (typeof callbackUrl !== 'string') return participant;
	return { ...participant, callbackUrl: redactCallbackUrl(callbackUrl) };
}
