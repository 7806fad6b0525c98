import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { TOKEN_ERROR_CODES } from '../../../credentials/BandwidthWebRtcOAuth2Api.credentials';

/** OAuth2: an access token is replaced this long before it runs out (half its life if shorter). */
export const TOKEN_RENEWAL_MARGIN_MS = 60_000;

export type FullResponse = { statusCode: number; body: unknown; headers?: Record<string, unknown> };

export type SendWith = (
	options: IHttpRequestOptions,
	credentialOptions?: IAdditionalCredentialOptions,
) => Promise<FullResponse>;

/** When to replace an OAuth2 token: before it runs out, by the margin or half its life. */
function tokenRenewalTime(credentials: ICredentialDataDecryptedObject, fetchedAt?: number): number {
	const expiresAt = Number(credentials.accessTokenExpiresAt);
	if (!credentials.accessToken || !Number.isFinite(expiresAt)) return 0;
	const lifetime = fetchedAt === undefined ? Infinity : expiresAt - fetchedAt;
	return expiresAt - Math.min(TOKEN_RENEWAL_MARGIN_MS, Math.max(0, lifetime / 2));
}

/**
 * n8n fetches an OAuth2 token (the credential's preAuthentication) only when the stored one is
 * empty, and again after a 401. To replace it shortly before it runs out instead, one request
 * goes out with the token blanked, so that n8n fetches a new one and saves it; the items
 * running alongside wait for that request, then read the saved token: one fetch, not ten.
 */
export class OAuthTokenRenewal {
	/** When to replace the stored access token (ms since the epoch; 0: now). */
	private renewAt: number;

	/** Settles once the request that fetches a new token is done. */
	private renewal?: Promise<void>;

	/** Bandwidth refused the client ID or secret in this execution; ask no more. */
	private refused?: unknown;

	constructor(
		private readonly fns: IExecuteFunctions,
		private readonly credentialType: string,
		credentials: ICredentialDataDecryptedObject,
		private readonly sendWith: SendWith,
	) {
		this.renewAt = tokenRenewalTime(credentials);
	}

	async send(options: IHttpRequestOptions): Promise<FullResponse> {
		while (this.renewal) await this.renewal;
		if (this.refused !== undefined) throw this.refused;
		if (Date.now() < this.renewAt) return await this.sendWith(options);

		const startedAt = Date.now();
		const answer = this.sendWithNewToken(options);
		// Set before anything is awaited, so that no other item starts a second renewal.
		this.renewal = answer
			.then(
				() => undefined,
				(error: { httpCode?: unknown }) => {
					if (error?.httpCode === TOKEN_ERROR_CODES.refused) this.refused = error;
				},
			)
			.then(async () => {
				this.renewAt = tokenRenewalTime(await this.fns.getCredentials(this.credentialType), startedAt);
			})
			.catch(() => {
				this.renewAt = 0;
			})
			.finally(() => {
				this.renewal = undefined;
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
}
