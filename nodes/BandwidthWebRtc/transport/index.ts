import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { TOKEN_ERROR_CODES } from '../../../credentials/BandwidthWebRtcOAuth2Api.credentials';
import { AdaptiveLimit } from './adaptiveLimit';

/** The one place that speaks HTTP to Bandwidth: base URL, account path, auth, retries, errors. */

export type Authentication = 'basicAuth' | 'oAuth2';

export const CREDENTIAL_TYPES: Record<Authentication, string> = {
	basicAuth: 'bandwidthWebRtcApi',
	oAuth2: 'bandwidthWebRtcOAuth2Api',
};

export const DEFAULT_BASE_URL = 'https://api.webrtc.bandwidth.com/v1';

export interface RequestPolicy {
	/** Attempts per request, the first included. */
	maxAttempts: number;
	/** Longest single wait before a retry; a longer Retry-After is not waited for. */
	maxRetryWaitMs: number;
	/** Per attempt: how long Bandwidth may stay silent. */
	timeoutMs: number;
	/** Most requests in flight at once; fewer while Bandwidth answers 429. */
	concurrency: number;
}

export const DEFAULT_POLICY: RequestPolicy = {
	maxAttempts: 3,
	maxRetryWaitMs: 30_000,
	timeoutMs: 30_000,
	// Chosen from `npm run bench` (see the README).
	concurrency: 10,
};

const BACKOFF_BASE_MS = 500;

/** OAuth2: an access token is replaced this long before it runs out (half its life if shorter). */
export const TOKEN_RENEWAL_MARGIN_MS = 60_000;

export interface ErrorHints {
	/** Said in the error's description when the API answers 404. */
	notFound?: string;
	/** Said in the error's description when the API answers 409. */
	conflict?: string;
}

export interface ApiCall {
	method: IHttpRequestMethods;
	/** Path under /accounts/{accountId}, ids already checked and encoded. */
	path: string;
	body?: IDataObject;
	itemIndex: number;
	hints?: ErrorHints;
	/** Return a 404 as an answer instead of failing (clean-up workflows). */
	allowNotFound?: boolean;
}

export interface ApiAnswer {
	statusCode: number;
	/** Undefined for an empty answer (204). */
	body: unknown;
}

/** What went wrong with one attempt, stripped of the request (and so of its credentials). */
type Failure =
	| { kind: 'http'; status: number; data: unknown; retryAfter?: string }
	| { kind: 'network'; code: string; message: string; reachedServer: boolean }
	| { kind: 'malformed'; status: number }
	/** OAuth2: no access token could be fetched, so the request was not sent. */
	| { kind: 'token'; retryable: boolean; message: string; description?: string };

// Errors raised before a connection carried the request: safe to retry even for a POST.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const RETRYABLE_STATUSES = new Set([500, 502, 503, 504]);

export function accountPath(accountId: string): string {
	return `/accounts/${encodeURIComponent(accountId)}`;
}

type FullResponse = { statusCode: number; body: unknown; headers?: Record<string, unknown> };

export class BandwidthApi {
	/** OAuth2 only: when to replace the stored access token (ms since the epoch; 0: now). */
	private renewTokenAt = 0;

	/** OAuth2 only: settles once the request that fetches a new token is done. */
	private tokenRenewal?: Promise<void>;

	/** OAuth2 only: Bandwidth refused the client ID or secret in this execution; ask no more. */
	private tokenRefused?: unknown;

	private readonly inFlight: AdaptiveLimit;

	private constructor(
		private readonly fns: IExecuteFunctions,
		private readonly credentialType: string,
		private readonly accountUrl: string,
		private readonly policy: RequestPolicy,
	) {
		this.inFlight = new AdaptiveLimit(policy.concurrency);
	}

	/** Reads the credential once per execution: its base URL and account id do not vary per item. */
	static async connect(
		fns: IExecuteFunctions,
		authentication: Authentication,
		policy: RequestPolicy = DEFAULT_POLICY,
	): Promise<BandwidthApi> {
		const credentialType = CREDENTIAL_TYPES[authentication] ?? CREDENTIAL_TYPES.basicAuth;
		const credentials = await fns.getCredentials(credentialType);
		const baseUrl = String(credentials.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, '');
		const accountId = String(credentials.accountId ?? '').trim();
		const api = new BandwidthApi(fns, credentialType, baseUrl + accountPath(accountId), policy);
		api.renewTokenAt = tokenRenewalTime(credentials);
		return api;
	}

	async request(call: ApiCall): Promise<ApiAnswer> {
		const options: IHttpRequestOptions = {
			method: call.method,
			url: this.accountUrl + call.path,
			json: true,
			returnFullResponse: true,
			// Answers come back to be mapped here (Retry-After included); a 401 is still thrown so
			// that n8n can fetch a new OAuth token and send the request again.
			ignoreHttpStatusErrors: { ignore: true, except: [401] },
			timeout: this.policy.timeoutMs,
		};
		if (call.body !== undefined && Object.keys(call.body).length === 0) {
			// n8n's HTTP helper drops an empty object body; a full-replace PUT must still send `{}`.
			options.body = '{}';
			options.headers = { 'Content-Type': 'application/json' };
		} else if (call.body !== undefined) {
			options.body = call.body;
		}

		let ambiguousEarlierAttempt = false;
		for (let attempt = 1; ; attempt++) {
			const failure = await this.attempt(options);
			if (!('kind' in failure)) {
				return failure;
			}
			if (failure.kind === 'http' && failure.status === 404 && call.allowNotFound) {
				return { statusCode: 404, body: failure.data };
			}
			// A DELETE whose earlier attempt may have gone through: its 404 means it is gone.
			if (
				failure.kind === 'http' &&
				failure.status === 404 &&
				call.method === 'DELETE' &&
				ambiguousEarlierAttempt
			) {
				return { statusCode: 204, body: undefined };
			}
			const wait = this.retryDelay(failure, call.method, attempt);
			if (wait === undefined || attempt >= this.policy.maxAttempts) {
				throw toNodeApiError(this.fns, failure, call, attempt, wait, this.isOAuth2());
			}
			if (
				failure.kind === 'network' ||
				failure.kind === 'malformed' ||
				(failure.kind === 'http' && RETRYABLE_STATUSES.has(failure.status))
			) {
				ambiguousEarlierAttempt = true;
			}
			await sleep(wait);
		}
	}

	private async attempt(options: IHttpRequestOptions): Promise<ApiAnswer | Failure> {
		let response: FullResponse;
		await this.inFlight.acquire();
		try {
			response = await this.send({ ...options, headers: { ...options.headers } });
		} catch (error) {
			return describeThrown(error);
		} finally {
			this.inFlight.release();
		}
		if (response.statusCode === 429) this.inFlight.throttled();
		else if (response.statusCode < 400) this.inFlight.succeeded();
		if (response.statusCode >= 400) {
			const retryAfter = response.headers?.['retry-after'];
			return {
				kind: 'http',
				status: response.statusCode,
				data: response.body,
				retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
			};
		}
		// Axios hands back unparseable JSON as a string: the API never answers with bare text.
		if (typeof response.body === 'string' && response.body !== '') {
			return { kind: 'malformed', status: response.statusCode };
		}
		return {
			statusCode: response.statusCode,
			body: response.body === '' || response.body === null ? undefined : response.body,
		};
	}

	private isOAuth2(): boolean {
		return this.credentialType === CREDENTIAL_TYPES.oAuth2;
	}

	/**
	 * n8n fetches an OAuth2 token (the credential's preAuthentication) only when the stored one is
	 * empty, and again after a 401. To replace it shortly before it runs out instead, one request
	 * goes out with the token blanked, so that n8n fetches a new one and saves it; the items
	 * running alongside wait for that request, then read the saved token: one fetch, not ten.
	 */
	private async send(options: IHttpRequestOptions): Promise<FullResponse> {
		if (!this.isOAuth2()) return await this.sendWith(options);
		while (this.tokenRenewal) await this.tokenRenewal;
		if (this.tokenRefused !== undefined) throw this.tokenRefused;
		if (Date.now() < this.renewTokenAt) return await this.sendWith(options);

		const startedAt = Date.now();
		const answer = this.sendWithNewToken(options);
		// Set before anything is awaited, so that no other item starts a second renewal.
		this.tokenRenewal = answer
			.then(
				() => undefined,
				(error: { httpCode?: unknown }) => {
					if (error?.httpCode === TOKEN_ERROR_CODES.refused) this.tokenRefused = error;
				},
			)
			.then(async () => {
				this.renewTokenAt = tokenRenewalTime(await this.fns.getCredentials(this.credentialType), startedAt);
			})
			.catch(() => {
				this.renewTokenAt = 0;
			})
			.finally(() => {
				this.tokenRenewal = undefined;
			});
		return await answer;
	}

	private async sendWithNewToken(options: IHttpRequestOptions): Promise<FullResponse> {
		const credentials = await this.fns.getCredentials(this.credentialType);
		// Another execution may have saved a new token meanwhile.
		if (Date.now() < tokenRenewalTime(credentials)) return await this.sendWith(options);
		const saved = this.fns.getNode().credentials?.[this.credentialType];
		return await this.sendWith(options, {
			credentialsDecrypted: {
				id: saved?.id ?? '',
				name: saved?.name ?? '',
				type: this.credentialType,
				data: { ...credentials, accessToken: '' },
			},
		});
	}

	private async sendWith(
		options: IHttpRequestOptions,
		credentialOptions?: IAdditionalCredentialOptions,
	): Promise<FullResponse> {
		return await this.fns.helpers.httpRequestWithAuthentication.call(
			this.fns,
			this.credentialType,
			options,
			credentialOptions,
		);
	}

	/** How long to wait before the next attempt, or undefined when this failure is final. */
	private retryDelay(failure: Failure, method: IHttpRequestMethods, attempt: number): number | undefined {
		const backoff = Math.min(
			this.policy.maxRetryWaitMs,
			BACKOFF_BASE_MS * 2 ** (attempt - 1) * (0.5 + Math.random() / 2),
		);
		const replayable = method !== 'POST';
		switch (failure.kind) {
			case 'http':
				if (failure.status === 429) {
					// Nothing was done: any method may be sent again, when the API says it may.
					const asked = parseRetryAfter(failure.retryAfter);
					if (asked === undefined) return backoff;
					if (asked > this.policy.maxRetryWaitMs) return undefined;
					// A little later than asked, spread out, so that the retries do not arrive together.
					return Math.min(this.policy.maxRetryWaitMs, asked + Math.random() * Math.min(asked, 1000));
				}
				return replayable && RETRYABLE_STATUSES.has(failure.status) ? backoff : undefined;
			case 'network':
				// Every POST creates a new object: replay it only when it never reached Bandwidth.
				return replayable || !failure.reachedServer ? backoff : undefined;
			case 'malformed':
				return replayable ? backoff : undefined;
			case 'token':
				// Without a token nothing was sent: another try is safe, POST included.
				return failure.retryable ? backoff : undefined;
		}
	}
}

/** When to replace an OAuth2 token: before it runs out, by the margin or half its life. */
function tokenRenewalTime(credentials: ICredentialDataDecryptedObject, fetchedAt?: number): number {
	const expiresAt = Number(credentials.accessTokenExpiresAt);
	if (!credentials.accessToken || !Number.isFinite(expiresAt)) return 0;
	const lifetime = fetchedAt === undefined ? Infinity : expiresAt - fetchedAt;
	return expiresAt - Math.min(TOKEN_RENEWAL_MARGIN_MS, Math.max(0, lifetime / 2));
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
	if (value === undefined || value === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.ceil(Number(value) * 1000);
	const date = Date.parse(value);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/**
 * A thrown request: n8n's helper wraps it in a NodeApiError that keeps the status or the
 * network error code in `httpCode` and the parsed body in `context.data`, and drops the rest.
 */
function describeThrown(error: unknown): Failure {
	const err = (error ?? {}) as {
		httpCode?: unknown;
		code?: unknown;
		context?: { data?: unknown };
		message?: unknown;
		description?: unknown;
	};
	const code = String(err.httpCode ?? err.code ?? '');
	if (code === TOKEN_ERROR_CODES.refused || code === TOKEN_ERROR_CODES.unavailable) {
		return {
			kind: 'token',
			retryable: code === TOKEN_ERROR_CODES.unavailable,
			message: typeof err.message === 'string' ? err.message : 'Could not fetch an OAuth2 access token',
			description: typeof err.description === 'string' ? err.description : undefined,
		};
	}
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
	401: 'Bandwidth refused the OAuth2 access token, a newly fetched one too. Bandwidth does not document whether the WebRTC v1 API accepts OAuth2 tokens: if this persists, use a "Bandwidth WebRTC API" (API user) credential.',
	403: 'The OAuth2 client may lack WebRTC access to this account, or the account ID or base URL in the credential may be wrong.',
};

const STATUS_HINTS: Record<number, string> = {
	401: 'Check the username and password in the Bandwidth WebRTC credential: they belong to an API user, not to your own Bandwidth login.',
	403: 'The API user may lack WebRTC access to this account, or the account ID or base URL in the credential may be wrong.',
	404: 'The participant or session does not exist or is no longer active (Bandwidth ends sessions after 9 hours).',
	429: 'Bandwidth is limiting the request rate: lower the node\'s concurrency or try again later.',
};

function toNodeApiError(
	fns: IExecuteFunctions,
	failure: Failure,
	call: ApiCall,
	attempts: number,
	refusedWait: number | undefined,
	oauth2: boolean,
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
	const bandwidthText = [data.error, data.message, data.description].find(
		(value) => typeof value === 'string' && value !== '',
	) as string | undefined;
	const statusLine = `${failure.status} ${STATUS_TEXT[failure.status] ?? ''}`.trim();
	const requestId = typeof data.requestId === 'string' ? data.requestId : undefined;

	const hint =
		(failure.status === 404 && call.hints?.notFound) ||
		(failure.status === 409 && call.hints?.conflict) ||
		(oauth2 && OAUTH2_STATUS_HINTS[failure.status]) ||
		STATUS_HINTS[failure.status] ||
		'';
	const waitNote =
		failure.status === 429 && refusedWait === undefined && failure.retryAfter
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
