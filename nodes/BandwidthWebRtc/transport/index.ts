import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { accountUrl } from '../../../credentials/shared';

import { AdaptiveLimit } from './adaptiveLimit';
import { BRTC_CREDENTIAL_TYPE, brtcAccountUrl, isTooManyEndpoints } from './brtc';
import { asDecryptedCredential } from './credential';
import type { ErrorHints, Failure } from './errors';
import { describeThrown, RETRYABLE_STATUSES, toNodeApiError } from './errors';
import type { FullResponse } from './oauthToken';
import { OAuthTokenRenewal } from './oauthToken';

export type { ErrorHints } from './errors';

/** The one place that speaks HTTP to Bandwidth: base URL, account path, auth, retries, errors. */

/** 'brtcOAuth2' is not a value of the node's Authentication parameter: BRTC (resource Endpoint) always uses it. */
export type Authentication = 'basicAuth' | 'oAuth2' | 'brtcOAuth2';

/** The credential type behind each value of the node's Authentication parameter. */
export function credentialTypeFor(authentication: Authentication): string {
	if (authentication === 'brtcOAuth2') return BRTC_CREDENTIAL_TYPE;
	return authentication === 'oAuth2' ? 'bandwidthWebRtcOAuth2Api' : 'bandwidthWebRtcApi';
}


export interface RequestPolicy {
	/** Attempts per request, the first included. */
	maxAttempts: number;
	/** Longest single wait before a retry; a longer Retry-After is not waited for. */
	maxRetryWaitMs: number;
	/** Per attempt: how long Bandwidth may stay silent. */
	timeoutMs: number;
	/** Requests in flight at first; fewer while Bandwidth pushes back (429, 503, timeouts). */
	concurrency: number;
	/** The most in flight it may grow to while Bandwidth does not push back. */
	maxConcurrency: number;
	/**
	 * The user fixed the number (Concurrency saved alone, or equal to Max Concurrency): after a
	 * cut it grows back to it. Otherwise each push-back lowers the ceiling below where it came.
	 */
	fixedConcurrency: boolean;
}

export const DEFAULT_POLICY: RequestPolicy = {
	maxAttempts: 3,
	maxRetryWaitMs: 30_000,
	timeoutMs: 30_000,
	// Chosen from `npm run bench` (docs/benchmark.md). n8n opens a new TCP and TLS connection for
	// every request, so a create costs about three round trips and only requests in flight buy
	// speed. Up to 300 in flight from the first item, as a flood of a few hundred items has: the
	// previous ramp from 100 ran level with the HTTP Request node's flood at 300 creates
	// (0.95-1.00x at 20 ms), 300 from the start mostly ahead of it (0.85-0.92x in eight runs of
	// nine, 1.03x in one). 150 lost; 400 and 500 bought nothing clear at 1,000 creates and hold
	// more memory. Bandwidth's 429s, 503s and timeouts still halve it (AdaptiveLimit).
	concurrency: 300,
	maxConcurrency: 300,
	fixedConcurrency: false,
};

const BACKOFF_BASE_MS = 500;

/**
 * Bandwidth's ways of saying it is full: fewer requests in flight from here on (AdaptiveLimit).
 * A 429 is its rate limit, a 503 an overloaded service; a timeout is a server gone silent.
 */
const BACK_OFF_STATUSES = new Set([429, 503]);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT']);

function isBackOffSignal(failure: Failure): boolean {
	if (failure.kind === 'http') return BACK_OFF_STATUSES.has(failure.status);
	return failure.kind === 'network' && TIMEOUT_CODES.has(failure.code);
}

export interface ApiCall {
	method: IHttpRequestMethods;
	/** Path under /accounts/{accountId}, ids already checked and encoded. */
	path: string;
	body?: IDataObject;
	/** BRTC's update BXML: a raw XML document, sent as application/xml instead of a JSON body. */
	xmlBody?: string;
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

export class BandwidthApi {
	private readonly inFlight: AdaptiveLimit;

	/**
	 * The credential as read once for this execution, handed to every request: n8n would otherwise
	 * read (in the app: load from its database and decrypt) the credential again for each one.
	 * OAuth2 replaces its data when a new token is saved.
	 */
	private readonly credential: ICredentialsDecrypted;

	/** OAuth2 only. */
	private oauth?: OAuthTokenRenewal;

	private constructor(
		private readonly fns: IExecuteFunctions,
		private readonly credentialType: string,
		credentials: ICredentialDataDecryptedObject,
		private readonly accountUrl: string,
		private readonly policy: RequestPolicy,
	) {
		this.inFlight = new AdaptiveLimit(policy.concurrency, {
			max: policy.maxConcurrency,
			fixed: policy.fixedConcurrency,
		});
		this.credential = asDecryptedCredential(fns, credentialType, credentials);
	}

	/** How many requests may be in flight now (it grows and shrinks with Bandwidth's answers). */
	get concurrency(): number {
		return this.inFlight.current;
	}

	/** Reads the credential once per execution: its base URL and account id do not vary per item. */
	static async connect(
		fns: IExecuteFunctions,
		authentication: Authentication,
		policy: RequestPolicy = DEFAULT_POLICY,
	): Promise<BandwidthApi> {
		const credentialType = credentialTypeFor(authentication);
		const credentials = await fns.getCredentials(credentialType);
		const url =
			authentication === 'brtcOAuth2'
				? brtcAccountUrl(credentials.baseUrl, credentials.accountId)
				: accountUrl(credentials.baseUrl, credentials.accountId);
		const api = new BandwidthApi(fns, credentialType, credentials, url, policy);
		if (authentication !== 'basicAuth') {
			api.oauth = new OAuthTokenRenewal(fns, credentialType, credentials, api.sendWith.bind(api), (fresh) => {
				api.credential.data = fresh;
			});
		}
		return api;
	}

	async request(call: ApiCall): Promise<ApiAnswer> {
		const options: IHttpRequestOptions = {
			method: call.method,
			url: this.accountUrl + call.path,
			json: true,
			returnFullResponse: true,
			// Every answer comes back to be mapped here (Retry-After included). OAuth2's 401 is handled
			// by OAuthTokenRenewal, not by n8n, whose reading of `except` differs between its lines.
			ignoreHttpStatusErrors: true,
			timeout: this.policy.timeoutMs,
		};
		if (call.xmlBody !== undefined) {
			// n8n's HTTP helper sets no Content-Type for a string body: say what it is.
			options.body = call.xmlBody;
			options.headers = { 'Content-Type': 'application/xml' };
		} else if (call.body !== undefined && Object.keys(call.body).length === 0) {
			// n8n's HTTP helper drops an empty object body; a full-replace PUT must still send `{}`.
			options.body = '{}';
			options.headers = { 'Content-Type': 'application/json' };
		} else if (call.body !== undefined) {
			options.body = call.body;
		}

		let ambiguousEarlierAttempt = false;
		for (let attempt = 1; ; attempt++) {
			const outcome = await this.attempt(options);
			if (!isFailure(outcome)) return outcome;
			const failure = outcome;
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
				throw toNodeApiError(this.fns, failure, call, {
					attempts: attempt,
					retryRefused: wait === undefined,
					oauth2: this.oauth !== undefined,
					credentialType: this.credentialType,
				});
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
		const started = Date.now();
		try {
			response = await this.send({ ...options, headers: { ...options.headers } });
		} catch (error) {
			const failure = describeThrown(error);
			if (isBackOffSignal(failure)) this.inFlight.throttled(started);
			return failure;
		} finally {
			this.inFlight.release();
		}
		if (BACK_OFF_STATUSES.has(response.statusCode)) this.inFlight.throttled(started);
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

	private async send(options: IHttpRequestOptions): Promise<FullResponse> {
		return this.oauth ? await this.oauth.send(options) : await this.sendWith(options);
	}

	private async sendWith(
		options: IHttpRequestOptions,
		credentialOptions?: IAdditionalCredentialOptions,
	): Promise<FullResponse> {
		return await this.fns.helpers.httpRequestWithAuthentication.call(
			this.fns,
			this.credentialType,
			options,
			credentialOptions ?? { credentialsDecrypted: this.credential },
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
					// BRTC's endpoint quota: waiting a few seconds does not free an endpoint.
					if (isTooManyEndpoints(failure.data)) return undefined;
					// Nothing was done: any method may be sent again, when the API says it may.
					const asked = parseRetryAfter(failure.retryAfter);
					if (asked === undefined) return backoff;
					if (asked > this.policy.maxRetryWaitMs) return undefined;
					// A little later than asked, spread out, so that the retries do not arrive together.
					return Math.min(this.policy.maxRetryWaitMs, asked + Math.random() * Math.min(asked, 1000));
				}
				if (!replayable || !RETRYABLE_STATUSES.has(failure.status)) return undefined;
				// A 503 may say when to come back, too.
				return Math.max(backoff, Math.min(this.policy.maxRetryWaitMs, parseRetryAfter(failure.retryAfter) ?? 0));
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

function isFailure(outcome: ApiAnswer | Failure): outcome is Failure {
	return 'kind' in outcome;
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
	if (value === undefined || value === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.ceil(Number(value) * 1000);
	const date = Date.parse(value);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

