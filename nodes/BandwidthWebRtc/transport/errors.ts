import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { TokenErrorCode } from '../../../credentials/shared';
import { TOKEN_ERROR_CODES } from '../../../credentials/shared';
import { brtcErrorText, isTooManyEndpoints, TOO_MANY_ENDPOINTS_HINT } from './brtc';

/** Failed attempts, described without the request, and turned into the errors users see. */

export interface ErrorHints {
	/** Said in the error's description when the API answers 404. */
	notFound?: string;
	/** Said in the error's description when the API answers 409. */
	conflict?: string;
	/** Said for these statuses, before any other hint (BRTC: its own credential and quota). */
	byStatus?: Record<number, string>;
}

/** What an error needs to know of the call that failed. */
export interface FailedCall {
	method: IHttpRequestMethods;
	path: string;
	itemIndex: number;
	hints?: ErrorHints;
}

/** What went wrong with one attempt, stripped of the request (and so of its credentials). */
export type Failure =
	| { kind: 'http'; status: number; data: unknown; retryAfter?: string }
	| { kind: 'network'; code: string; message: string; reachedServer: boolean }
	| { kind: 'malformed'; status: number }
	/** OAuth2: no access token could be fetched, so the request was not sent. */
	| { kind: 'token'; retryable: boolean; message: string; description?: string };

// Errors raised before a connection carried the request: safe to retry even for a POST.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
export const RETRYABLE_STATUSES = new Set([500, 502, 503, 504]);

/**
 * The token error code a failed token request carries, read from `httpCode`: n8n wraps what
 * preAuthentication throws in a NodeApiError, which copies `httpCode` on every n8n line.
 */
export function tokenErrorCode(error: unknown): TokenErrorCode | undefined {
	const httpCode = (error as { httpCode?: unknown } | undefined)?.httpCode;
	return httpCode === TOKEN_ERROR_CODES.refused || httpCode === TOKEN_ERROR_CODES.unavailable
		? httpCode
		: undefined;
}

/**
 * A thrown request: n8n's helper wraps it in a NodeApiError that keeps the status or the
 * network error code in `httpCode` and the parsed body in `context.data`, and drops the rest.
 */
export function describeThrown(error: unknown): Failure {
	const err = (error ?? {}) as {
		httpCode?: unknown;
		code?: unknown;
		context?: { data?: unknown };
		message?: unknown;
		description?: unknown;
	};
	const tokenCode = tokenErrorCode(error);
	if (tokenCode !== undefined) {
		return {
			kind: 'token',
			retryable: tokenCode === TOKEN_ERROR_CODES.unavailable,
			message: typeof err.message === 'string' ? err.message : 'Could not fetch an OAuth2 access token',
			description: typeof err.description === 'string' ? err.description : undefined,
		};
	}
	const code = String(err.httpCode ?? err.code ?? '');
	if (/^\d{3}$/.test(code)) {
		return { kind: 'http', status: Number(code), data: err.context?.data };
	}
	const networkCode = code || 'UNKNOWN';
	return {
		kind: 'network',
		code: networkCode,
		message: typeof err.message === 'string' ? err.message : 'The request failed',
		reachedServer: !NOT_SENT_CODES.has(networkCode),
	};
}

const NETWORK_PHRASES: Record<string, string> = {
	ECONNRESET: 'the connection was dropped',
	ECONNABORTED: 'it stayed silent past the timeout',
	ETIMEDOUT: 'it stayed silent past the timeout',
	ECONNREFUSED: 'the connection was refused',
	ENOTFOUND: 'the host name in the base URL was not found',
	EAI_AGAIN: 'the host name in the base URL could not be looked up',
};

const STATUS_TEXT: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	409: 'Conflict',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
};

const OAUTH2_STATUS_HINTS: Record<number, string> = {
	401: 'Bandwidth refused the OAuth2 access token, a newly fetched one too. Bandwidth does not document whether the WebRTC v1 API accepts OAuth2 tokens, and API-user passwords retired on 2 December 2026: ask Bandwidth support whether this account keeps WebRTC v1 access, or move to BRTC (Resource: Endpoint, with a "Bandwidth BRTC OAuth2 API" credential).',
	403: 'The OAuth2 client may lack WebRTC access to this account, or the account ID or base URL in the credential may be wrong.',
};

/** Said for a 401 to a request sent with an API user's username and password (the Basic credential). */
export const BASIC_AUTH_401_HINT =
	'Bandwidth retired API-user (username and password) authentication on 2 December 2026, so it refuses this credential. For WebRTC v1, set the node\'s Authentication to OAuth2 with a "Bandwidth WebRTC OAuth2 API" credential (a client ID and secret from Bandwidth); or move to BRTC (Resource: Endpoint, with a "Bandwidth BRTC OAuth2 API" credential).';

const STATUS_HINTS: Record<number, string> = {
	401: BASIC_AUTH_401_HINT,
	403: 'The API user may lack WebRTC access to this account, or the account ID or base URL in the credential may be wrong.',
	404: 'The participant or session does not exist or is no longer active (Bandwidth ends sessions after 9 hours).',
	429: 'Bandwidth is limiting the request rate: lower the node\'s concurrency or try again later.',
};

/** How the failed call went, beyond its last failure. */
export interface FailureContext {
	/** Attempts made, the failed one included. */
	attempts: number;
	/** No retry was allowed: the failure is final, or Bandwidth asked for a longer wait than allowed. */
	retryRefused: boolean;
	/** Sent with an OAuth2 token (some statuses mean something else then). */
	oauth2: boolean;
}

export function toNodeApiError(
	fns: IExecuteFunctions,
	failure: Failure,
	call: FailedCall,
	{ attempts, retryRefused, oauth2 }: FailureContext,
): NodeApiError {
	const node = fns.getNode();
	const tried = attempts > 1 ? ` (after ${attempts} attempts)` : '';
	if (failure.kind === 'token') {
		return new NodeApiError(
			node,
			{ message: failure.message },
			{ message: failure.message + tried, description: failure.description, itemIndex: call.itemIndex },
		);
	}
	if (failure.kind === 'network') {
		const ambiguous =
			call.method === 'POST' && failure.reachedServer
				? ' The request may have reached Bandwidth and created an object: it was not sent again, so check before re-running this item.'
				: '';
		// The code stays out of the message: n8n would replace a message holding it with its own text.
		return new NodeApiError(
			node,
			{ networkError: failure.code },
			{
				message: `No answer from Bandwidth: ${NETWORK_PHRASES[failure.code] ?? 'the request failed'}${tried}`,
				description: `${call.method} ${call.path} failed with ${failure.code}.${ambiguous}`,
				itemIndex: call.itemIndex,
			},
		);
	}
	if (failure.kind === 'malformed') {
		return new NodeApiError(
			node,
			{ status: failure.status, message: 'Malformed JSON answer' },
			{
				message: `Bandwidth answered ${failure.status} with a body that is not valid JSON${tried}`,
				description:
					call.method === 'POST'
						? 'The object may have been created: it was not sent again, so check before re-running this item.'
						: `${call.method} ${call.path}`,
				httpCode: String(failure.status),
				itemIndex: call.itemIndex,
			},
		);
	}

	const data = (failure.data && typeof failure.data === 'object' ? failure.data : {}) as IDataObject;
	const bandwidthText = (brtcErrorText(data) ??
		[data.error, data.message, data.description].find((value) => typeof value === 'string' && value !== '')) as
		| string
		| undefined;
	const statusLine = `${failure.status} ${STATUS_TEXT[failure.status] ?? ''}`.trim();
	const requestId = typeof data.requestId === 'string' ? data.requestId : undefined;

	const hint =
		(isTooManyEndpoints(failure.data) && TOO_MANY_ENDPOINTS_HINT) ||
		call.hints?.byStatus?.[failure.status] ||
		(failure.status === 404 && call.hints?.notFound) ||
		(failure.status === 409 && call.hints?.conflict) ||
		(oauth2 && OAUTH2_STATUS_HINTS[failure.status]) ||
		STATUS_HINTS[failure.status] ||
		'';
	const waitNote =
		failure.status === 429 && retryRefused && failure.retryAfter && !isTooManyEndpoints(failure.data)
			? ` Bandwidth asked to wait ${failure.retryAfter}, longer than the node's maximum retry wait.`
			: '';
	const description = [hint + waitNote, requestId ? `Bandwidth request ID: ${requestId}` : '']
		.filter((part) => part.trim() !== '')
		.join(' ');

	// Only the parsed body goes into the error: never the request, its headers or its auth.
	const errorBody: JsonObject = { status: failure.status };
	if (bandwidthText) errorBody.message = bandwidthText;
	if (requestId) errorBody.requestId = requestId;

	return new NodeApiError(node, errorBody, {
		message: `Bandwidth answered ${statusLine}${bandwidthText ? `: ${bandwidthText}` : ''}${tried}`,
		description: description || undefined,
		httpCode: String(failure.status),
		itemIndex: call.itemIndex,
	});
}
