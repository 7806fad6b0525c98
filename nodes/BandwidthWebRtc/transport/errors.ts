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
	403: 'The OAuth2 client may lack WebRTC access to this account, or the Account ID or Base URL in the "Bandwidth WebRTC OAuth2 API" credential may be wrong.',
};

/** Said for a 401 to a request sent with an API user's username and password (the Basic credential). */
export const BASIC_AUTH_401_HINT =
	'Bandwidth retired API-user (username and password) authentication on 2 December 2026, so it refuses this credential. For WebRTC v1, set the node\'s Authentication to OAuth2 with a "Bandwidth WebRTC OAuth2 API" credential (a client ID and secret from Bandwidth); or move to BRTC (Resource: Endpoint, with a "Bandwidth BRTC OAuth2 API" credential).';

const STATUS_HINTS: Record<number, string> = {
	401: BASIC_AUTH_401_HINT,
	400: 'Bandwidth refused a value the node sent: correct the field it names and send again (the same values will be refused again).',
	403: 'The API user may lack WebRTC access to this account, or the Account ID or Base URL in the "Bandwidth WebRTC API" credential may be wrong.',
	404: 'The participant or session does not exist or is no longer active (Bandwidth ends sessions after 9 hours).',
	429: 'Bandwidth is limiting the request rate: lower the node\'s Concurrency (Request Options) or try again in a minute.',
};

/** How the failed call went, beyond its last failure. */
export interface FailureContext {
	/** Attempts made, the failed one included. */
	attempts: number;
	/** No retry was allowed: the failure is final, or Bandwidth asked for a longer wait than allowed. */
	retryRefused: boolean;
	/** Sent with an OAuth2 token (some statuses mean something else then). */
	oauth2: boolean;
	/** The type of the credential in use (bandwidthBrtcOAuth2Api, …): the hints name it. */
	credentialType?: string;
}

/** The credentials' display names, as the editor shows them: what a hint tells the user to open. */
export const CREDENTIAL_NAMES: Record<string, string> = {
	bandwidthWebRtcApi: 'Bandwidth WebRTC API',
	bandwidthWebRtcOAuth2Api: 'Bandwidth WebRTC OAuth2 API',
	bandwidthBrtcOAuth2Api: 'Bandwidth BRTC OAuth2 API',
};

/**
 * What the caller reads first. An AI agent's model reads only an error's message (n8n 2.41 hands
 * it `[{"error": "<message>"}]` and drops the description), so what to do next goes into the
 * message itself, after what happened: `<what happened>. <what to do>`.
 */
export function withHint(what: string, hint: string | undefined): string {
	if (!hint) return what;
	return `${what}${/[.!?]$/.test(what) ? '' : '.'} ${hint}`;
}

/** The error's first part, what happened, without the hint (for one error quoted inside another). */
export function errorSummary(error: unknown): string {
	const summary = (error as { context?: { summary?: unknown } } | undefined)?.context?.summary;
	if (typeof summary === 'string') return summary;
	return error instanceof Error ? error.message : String(error);
}

/** A NodeApiError that remembers its summary (what happened, before the hint). */
function withSummary(error: NodeApiError, summary: string): NodeApiError {
	error.context.summary = summary;
	return error;
}

/** Said of every refusal of the credential: sending it again cannot help. */
export const NO_RETRY = 'Retrying will not help until the credential is fixed.';

/** A 5xx once the node's retries are spent (or, for a POST, at once: it may have created the object). */
function serverErrorHint(method: IHttpRequestMethods, attempts: number): string {
	if (method === 'POST') {
		return 'The object may have been created anyway: it was not sent again, so list or get it before trying once more.';
	}
	const retried = attempts > 1 ? 'The node already retried. ' : '';
	return `${retried}The fault is on Bandwidth's side: try again in a few minutes.`;
}

/** What a token failure means, with the credential named (the BRTC and v1 OAuth2 credentials share the token code). */
function tokenHint(retryable: boolean, credentialType: string | undefined): string {
	const name = CREDENTIAL_NAMES[credentialType ?? ''] ?? 'OAuth2';
	if (retryable) return `Try again in a few minutes; if it persists, check the Token URL in the "${name}" credential.`;
	return `Check the Client ID, Client Secret and Token URL in the "${name}" credential. ${NO_RETRY}`;
}

export function toNodeApiError(
	fns: IExecuteFunctions,
	failure: Failure,
	call: FailedCall,
	{ attempts, retryRefused, oauth2, credentialType }: FailureContext,
): NodeApiError {
	const node = fns.getNode();
	const tried = attempts > 1 ? ` (after ${attempts} attempts)` : '';
	if (failure.kind === 'token') {
		const what = failure.message + tried;
		return withSummary(
			new NodeApiError(
				node,
				{ message: failure.message },
				{
					message: withHint(what, tokenHint(failure.retryable, credentialType)),
					description: failure.description,
					itemIndex: call.itemIndex,
				},
			),
			what,
		);
	}
	if (failure.kind === 'network') {
		const next =
			call.method === 'POST' && failure.reachedServer
				? 'The request may have reached Bandwidth and created an object: it was not sent again, so check before re-running this item.'
				: 'Check the Base URL in the credential and the network, then try again.';
		const what = `No answer from Bandwidth: ${NETWORK_PHRASES[failure.code] ?? 'the request failed'}${tried}`;
		// The code stays out of the message: n8n would replace a message holding it with its own text.
		return withSummary(
			new NodeApiError(
				node,
				{ networkError: failure.code },
				{
					message: withHint(what, next),
					description: `${call.method} ${call.path} failed with ${failure.code}.`,
					itemIndex: call.itemIndex,
				},
			),
			what,
		);
	}
	if (failure.kind === 'malformed') {
		const what = `Bandwidth answered ${failure.status} with a body that is not valid JSON${tried}`;
		return withSummary(
			new NodeApiError(
				node,
				{ status: failure.status, message: 'Malformed JSON answer' },
				{
					message: withHint(
						what,
						call.method === 'POST'
							? 'The object may have been created: it was not sent again, so check before re-running this item.'
							: 'Try again later; if it persists, check the Base URL in the credential.',
					),
					description: `${call.method} ${call.path}`,
					httpCode: String(failure.status),
					itemIndex: call.itemIndex,
				},
			),
			what,
		);
	}

	const data = (failure.data && typeof failure.data === 'object' ? failure.data : {}) as IDataObject;
	const bandwidthText = (brtcErrorText(data) ??
		[data.error, data.message, data.description].find((value) => typeof value === 'string' && value !== '')) as
		| string
		| undefined;
	const statusLine = `${failure.status} ${STATUS_TEXT[failure.status] ?? ''}`.trim();
	const requestId = typeof data.requestId === 'string' ? data.requestId : undefined;

	const baseHint =
		(isTooManyEndpoints(failure.data) && TOO_MANY_ENDPOINTS_HINT) ||
		call.hints?.byStatus?.[failure.status] ||
		(failure.status === 404 && call.hints?.notFound) ||
		(failure.status === 409 && call.hints?.conflict) ||
		(oauth2 && OAUTH2_STATUS_HINTS[failure.status]) ||
		STATUS_HINTS[failure.status] ||
		(failure.status >= 500 && serverErrorHint(call.method, attempts)) ||
		'';
	const waitNote =
		failure.status === 429 && retryRefused && failure.retryAfter && !isTooManyEndpoints(failure.data)
			? ` Bandwidth asked to wait ${failure.retryAfter}, longer than the node's maximum retry wait.`
			: '';
	const noRetry = failure.status === 401 || failure.status === 403 ? ` ${NO_RETRY}` : '';
	const hint = (baseHint + waitNote + noRetry).trim();
	const description = requestId ? `Bandwidth request ID: ${requestId}` : '';

	// Only the parsed body goes into the error: never the request, its headers or its auth.
	const errorBody: JsonObject = { status: failure.status };
	if (bandwidthText) errorBody.message = bandwidthText;
	if (requestId) errorBody.requestId = requestId;

	const what = `Bandwidth answered ${statusLine}${bandwidthText ? `: ${bandwidthText}` : ''}${tried}`;
	return withSummary(
		new NodeApiError(node, errorBody, {
			message: withHint(what, hint),
			description: description || undefined,
			httpCode: String(failure.status),
			itemIndex: call.itemIndex,
		}),
		what,
	);
}
