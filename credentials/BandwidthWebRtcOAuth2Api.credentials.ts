import type {
	IAuthenticate,
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

import type { TokenErrorCode } from './shared';
import {
	accountIdProperty,
	clientIdProperty,
	clientSecretProperty,
	baseUrlProperty,
	credentialTestRules,
	DEFAULT_TOKEN_URL,
	readImpossibleParticipant,
	TOKEN_ERROR_CODES,
} from './shared';

/** Assumed when the token endpoint does not say how long a token lives; a 401 renews it anyway. */
const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;
const TOKEN_REQUEST_TIMEOUT_MS = 30_000;

/** Holds no request, response or header: nothing in it can reveal the client secret. */
class BandwidthTokenError extends Error {
	constructor(
		message: string,
		readonly httpCode: TokenErrorCode,
		readonly description: string,
	) {
		super(message);
		this.name = 'BandwidthTokenError';
	}
}

export class BandwidthWebRtcOAuth2Api implements ICredentialType {
	name = 'bandwidthWebRtcOAuth2Api';

	displayName = 'Bandwidth WebRTC OAuth2 API';

	icon: Icon = { light: 'file:../icons/bandwidth.svg', dark: 'file:../icons/bandwidth.dark.svg' };

	documentationUrl = 'https://dev.bandwidth.com/docs/account/credentials/';

	properties: INodeProperties[] = [
		{
			displayName:
				'Bandwidth does not document whether its legacy WebRTC v1 API accepts OAuth2 tokens, and API-user passwords, the other way in, retired on 2 December 2026. Save this credential and test it: if Bandwidth answers 401, ask Bandwidth support about this account\'s WebRTC v1 access, or move to BRTC (Resource: Endpoint).',
			name: 'oauthNotice',
			type: 'notice',
			default: '',
		},
		accountIdProperty,
		clientIdProperty('WebRTC'),
		clientSecretProperty,
		baseUrlProperty,
		{
			displayName: 'Token URL',
			name: 'tokenUrl',
			type: 'string',
			default: DEFAULT_TOKEN_URL,
			description: 'Where access tokens are fetched (client-credentials grant). Leave as is unless Bandwidth tells you otherwise.',
		},
		// Filled by n8n from preAuthentication. A password field, so n8n keeps it out of the editor.
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		// When the access token runs out (ms since the epoch).
		{
			displayName: 'Expires At',
			name: 'expiresAt',
			type: 'hidden',
			default: 0,
		},
	];

	/**
	 * n8n calls this when `accessToken` is empty, after a 401, and when the credential is tested,
	 * then saves what it returns into the credential.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const tokenUrl = String(credentials.tokenUrl || DEFAULT_TOKEN_URL).trim();
		const clientSecret = String(credentials.clientSecret ?? '');
		let response: { statusCode: number; body: unknown };
		try {
			response = (await this.helpers.httpRequest({
				method: 'POST',
				url: tokenUrl,
				auth: { username: String(credentials.clientId ?? '').trim(), password: clientSecret },
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
				body: 'grant_type=client_credentials',
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: TOKEN_REQUEST_TIMEOUT_MS,
			})) as { statusCode: number; body: unknown };
		} catch (error) {
			// Only the error code: the thrown value holds the request, and with it the secret.
			const code = typeof error?.code === 'string' ? error.code : 'a network error';
			throw new BandwidthTokenError(
				'Could not reach the token URL of the Bandwidth OAuth2 credential',
				TOKEN_ERROR_CODES.unavailable,
				`POST ${describeUrl(tokenUrl)} failed (${code}). Check the Token URL in the credential, or try again later.`,
			);
		}

		const body = (response.body && typeof response.body === 'object' ? response.body : {}) as IDataObject;
		const accessToken = body.access_token;
		if (response.statusCode >= 200 && response.statusCode < 300 && typeof accessToken === 'string' && accessToken !== '') {
			const expiresIn = Number(body.expires_in);
			const lifetime = Number.isFinite(expiresIn) && expiresIn >= 0 ? expiresIn : DEFAULT_TOKEN_LIFETIME_SECONDS;
			return { accessToken, expiresAt: Date.now() + lifetime * 1000 };
		}
		throw tokenFailure(response.statusCode, body, tokenUrl, clientSecret);
	}

	// A function rather than a generic block: it spares n8n an expression evaluation per request.
	authenticate: IAuthenticate = async (credentials, requestOptions) => ({
		...requestOptions,
		headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.accessToken ?? '')}` },
	});

	// n8n fetches a fresh token before testing (preAuthentication), then this reads a participant
	// that cannot exist: a token the WebRTC API accepts gets 404 (nothing is created), one it
	// refuses 401, and a client without access to the account 403.
	test: ICredentialTestRequest = {
		request: readImpossibleParticipant,
		rules: credentialTestRules(
			'Bandwidth issued an access token, but the WebRTC API refused it (401 Unauthorized). Bandwidth does not document OAuth2 for WebRTC v1: use a "Bandwidth WebRTC API" (API user) credential instead.',
			'This OAuth2 client has no WebRTC access to this account ID (Bandwidth answered 403 Forbidden)',
		),
	};
}

/** An error for a token endpoint answer without a token; never quotes the secret. */
function tokenFailure(status: number, body: IDataObject, tokenUrl: string, clientSecret: string): BandwidthTokenError {
	const oauthError = typeof body.error === 'string' ? body.error : undefined;
	const detail = [body.error_description, body.message].find(
		(value): value is string => typeof value === 'string' && value !== '',
	);
	const hide = (text: string) => (clientSecret === '' ? text : text.split(clientSecret).join('***'));
	const said = hide([oauthError, detail].filter(Boolean).join(': '));
	const answered = `${status}${said ? ` ${said}` : ''}`;

	if (status === 429 || status >= 500) {
		return new BandwidthTokenError(
			`Bandwidth's token endpoint is unavailable (${status})`,
			TOKEN_ERROR_CODES.unavailable,
			`POST ${describeUrl(tokenUrl)} answered ${answered}. Try again later.`,
		);
	}
	if (oauthError === 'invalid_client' || status === 401) {
		return new BandwidthTokenError(
			`Bandwidth refused the client ID or secret (${status} ${oauthError ?? 'Unauthorized'})`,
			TOKEN_ERROR_CODES.refused,
			'Check the Client ID and Client Secret in the credential.',
		);
	}
	if (status >= 200 && status < 300) {
		return new BandwidthTokenError(
			'The token URL answered without an access token',
			TOKEN_ERROR_CODES.refused,
			`POST ${describeUrl(tokenUrl)} answered ${status} without "access_token": check the Token URL in the credential.`,
		);
	}
	return new BandwidthTokenError(
		`Bandwidth refused the token request (${answered})`,
		TOKEN_ERROR_CODES.refused,
		`POST ${describeUrl(tokenUrl)}: check the Token URL and that the OAuth2 client may use the client-credentials grant.`,
	);
}

/** The URL without any user info or query it may carry. */
function describeUrl(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.origin}${parsed.pathname}`;
	} catch {
		return 'the token URL (not a valid URL)';
	}
}
