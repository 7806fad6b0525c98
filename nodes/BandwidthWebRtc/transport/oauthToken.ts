import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { TOKEN_ERROR_CODES } from '../../../credentials/shared';
import { asDecryptedCredential } from './credential';
import { tokenErrorCode } from './errors';

/** OAuth2: an access token is replaced this long before it runs out (half its life if shorter). */
export const TOKEN_RENEWAL_MARGIN_MS = 60_000;

/** After a failed token request, no other is made for this long (doubling, up to the cap). */
const TOKEN_RETRY_PAUSE_MS = 250;
const TOKEN_RETRY_PAUSE_CAP_MS = 8_000;

export type FullResponse = { statusCode: number; body: unknown; headers?: Record<string, unknown> };

export type SendWith = (
	options: IHttpRequestOptions,
	credentialOptions?: IAdditionalCredentialOptions,
) => Promise<FullResponse>;

/** When to replace an OAuth2 token: before it runs out, by the margin or half its life. */
function tokenRenewalTime(credentials: ICredentialDataDecryptedObject, fetchedAt?: number): number {
	const expiresAt = Number(credentials.expiresAt);
	if (!credentials.accessToken || !Number.isFinite(expiresAt)) return 0;
	const lifetime = fetchedAt === undefined ? Infinity : expiresAt - fetchedAt;
	return expiresAt - Math.min(TOKEN_RENEWAL_MARGIN_MS, Math.max(0, lifetime / 2));
}

/**
 * Keeps one execution's OAuth2 token fresh, with one token request for all the items that need it.
 *
 * n8n fetches a token (the credential's preAuthentication) and saves it only when the stored
 * one is empty. So a new token is fetched by sending one request with the token blanked; the
 * items running alongside wait for that request, then use the saved token. That happens:
 * - shortly before the token runs out;
 * - after Bandwidth answers 401 (a revoked or early-expired token): the request is sent once
 *   more with a new token. This does not rely on n8n's own 401 handling, which depends on how
 *   a given n8n line reads `ignoreHttpStatusErrors`.
 * When the token request fails, every item waiting on it gets that failure, and no other token
 * request is made for a short, growing pause: an outage costs a few token requests, not one per
 * item and attempt.
 */
export class OAuthTokenRenewal {
	/** When to replace the stored access token (ms since the epoch; 0: now). */
	private renewAt: number;

	/** How many new tokens this execution has fetched: tells a 401 for an old token from one for the newest. */
	private generation = 0;

	/** Settles (never rejects) once the request that fetches a new token is done. */
	private renewal?: Promise<void>;

	/** Bandwidth refused the client ID or secret in this execution; ask no more. */
	private refused?: unknown;

	/** The last token request failed: its error, and until when no other is made. */
	private outage?: { error: unknown; until: number; failures: number };

	constructor(
		private readonly fns: IExecuteFunctions,
		private readonly credentialType: string,
		credentials: ICredentialDataDecryptedObject,
		private readonly sendWith: SendWith,
		/** Told the credential as saved whenever it is read again, so that every request uses its newest token. */
		private readonly useCredentials: (credentials: ICredentialDataDecryptedObject) => void,
	) {
		this.renewAt = tokenRenewalTime(credentials);
	}

	async send(options: IHttpRequestOptions): Promise<FullResponse> {
		const seen = await this.currentGeneration();
		if (Date.now() >= this.renewAt) return await this.sendWithNewToken(options, seen, 'expiring');
		const answer = await this.sendWith(options);
		if (answer.statusCode !== 401) return answer;
		// Refused: once more with a new token (a 401 after that is Bandwidth's final word).
		return await this.sendWithNewToken(options, seen, 'refused');
	}

	/** Waits for a token request under way; throws what stops this execution from getting a token. */
	private async currentGeneration(): Promise<number> {
		while (this.renewal) await this.renewal;
		if (this.refused !== undefined) throw this.refused;
		if (this.outage && Date.now() < this.outage.until) throw this.outage.error;
		return this.generation;
	}

	/**
	 * Sends with a token newer than generation `seen`: the one another item fetched meanwhile,
	 * or a new one fetched by this request.
	 */
	private async sendWithNewToken(
		options: IHttpRequestOptions,
		seen: number,
		reason: 'expiring' | 'refused',
	): Promise<FullResponse> {
		let generation = await this.currentGeneration();
		// Another item may have started a token request while this one resumed.
		while (this.renewal) generation = await this.currentGeneration();
		if (generation !== seen) return await this.sendWith(options);

		const startedAt = Date.now();
		const answer = this.sendWithFreshCredentials(options, reason);
		// Set before anything is awaited, so that no other item starts a second token request.
		this.renewal = answer
			.then(
				() => this.fetched(startedAt),
				async (error: unknown) => {
					const code = tokenErrorCode(error);
					if (code === TOKEN_ERROR_CODES.refused) this.refused = error;
					else if (code === TOKEN_ERROR_CODES.unavailable) this.failed(error);
					// Any other error came after the token was fetched (the request itself failed).
					else await this.fetched(startedAt);
				},
			)
			.catch(() => {
				this.renewAt = 0;
			})
			.finally(() => {
				this.renewal = undefined;
			});
		return await answer;
	}

	private async fetched(startedAt: number): Promise<void> {
		this.generation++;
		this.outage = undefined;
		const saved = await this.fns.getCredentials(this.credentialType);
		this.useCredentials(saved);
		this.renewAt = tokenRenewalTime(saved, startedAt);
	}

	private failed(error: unknown): void {
		const failures = (this.outage?.failures ?? 0) + 1;
		const pause = Math.min(TOKEN_RETRY_PAUSE_CAP_MS, TOKEN_RETRY_PAUSE_MS * 2 ** (failures - 1));
		this.outage = { error, until: Date.now() + pause, failures };
		this.renewAt = 0;
	}

	/**
	 * One request with a token newer than the one in use: the one another execution saved
	 * meanwhile (when this one is only running out), else a new one, by blanking the stored
	 * token so that n8n fetches one and saves it.
	 */
	private async sendWithFreshCredentials(
		options: IHttpRequestOptions,
		reason: 'expiring' | 'refused',
	): Promise<FullResponse> {
		const credentials = await this.fns.getCredentials(this.credentialType);
		if (reason === 'expiring' && Date.now() < tokenRenewalTime(credentials)) {
			// Another execution saved a newer token meanwhile: use it from now on.
			this.useCredentials(credentials);
			this.renewAt = tokenRenewalTime(credentials);
			return await this.sendWith(options);
		}
		return await this.sendWith(options, {
			credentialsDecrypted: asDecryptedCredential(this.fns, this.credentialType, { ...credentials, accessToken: '' }),
		});
	}
}
