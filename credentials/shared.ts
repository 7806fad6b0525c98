/**
 * What the credentials and the node both need. This is the one module the node imports from
 * credentials/: the production URLs, the credentials' shared fields and tests, the account URL
 * every request uses, and the codes a failed OAuth2 token request carries.
 */
import type {
	IAuthenticateRuleResponseSuccessBody,
	ICredentialsDecrypted,
	ICredentialTestRequest,
	INodeCredentialTestResult,
	INodeProperties,
} from 'n8n-workflow';

/** WebRTC v1 in production. The transport reads it too, for a credential saved without one. */
export const DEFAULT_BASE_URL = 'https://api.webrtc.bandwidth.com/v1';

/** BRTC (Bandwidth Real-Time Communications) in production. The transport reads it too. */
export const DEFAULT_BRTC_BASE_URL = 'https://api.bandwidth.com/v2';

/** Bandwidth's OAuth2 token endpoint, for both OAuth2 credentials (WebRTC v1 and BRTC). */
export const DEFAULT_TOKEN_URL = 'https://api.bandwidth.com/api/v1/oauth2/token';

/**
 * The codes a failed token request carries in `httpCode`. n8n wraps whatever
 * `preAuthentication` throws in a NodeApiError that keeps the message, the description and
 * `httpCode`: the node reads it to tell "no token" apart from an answer of the WebRTC API.
 * Not `code`: n8n 2.41's credential tester shows a cause's `code` instead of its message.
 */
export const TOKEN_ERROR_CODES = {
	/** Bandwidth said no (wrong client ID or secret, wrong token URL): asking again will not help. */
	refused: 'BANDWIDTH_OAUTH_TOKEN_REFUSED',
	/** The token endpoint could not be reached or failed (5xx, 429): worth another try. */
	unavailable: 'BANDWIDTH_OAUTH_TOKEN_UNAVAILABLE',
} as const;

export type TokenErrorCode = (typeof TOKEN_ERROR_CODES)[keyof typeof TOKEN_ERROR_CODES];

/** The fields the credentials share, and how both WebRTC v1 credentials are tested. */

export const accountIdProperty: INodeProperties = {
	displayName: 'Account ID',
	name: 'accountId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '9900000',
	description: 'Your Bandwidth account ID, shown at the top of the Bandwidth App',
};

/** An OAuth2 client credential's ID; `access` names what the client must be allowed (WebRTC, BRTC). */
export function clientIdProperty(access: string): INodeProperties {
	return {
		displayName: 'Client ID',
		name: 'clientId',
		type: 'string',
		required: true,
		default: '',
		description: `The client ID of an OAuth2 client credential with ${access} access`,
	};
}

export const clientSecretProperty: INodeProperties = {
	displayName: 'Client Secret',
	name: 'clientSecret',
	type: 'string',
	typeOptions: { password: true },
	required: true,
	default: '',
};

export const baseUrlProperty: INodeProperties = {
	displayName: 'Base URL',
	name: 'baseUrl',
	type: 'string',
	default: DEFAULT_BASE_URL,
	description:
		"Leave as is for Bandwidth's production API. Change it only for another host, such as a local simulator.",
};

/** What every request does to the credential's base URL and account ID; the test does the same. */
export function accountUrl(baseUrl: unknown, accountId: unknown, defaultBaseUrl = DEFAULT_BASE_URL): string {
	const base = String(baseUrl ?? '').trim() || defaultBaseUrl;
	return `${base.replace(/\/+$/, '')}/accounts/${encodeURIComponent(String(accountId ?? '').trim())}`;
}

/**
 * Reads a participant that cannot exist, with the base URL and account ID treated as every
 * request treats them: accepted credentials get Bandwidth's 404 (nothing is created), refused
 * ones 401, and credentials without access to the account 403.
 */
export const readImpossibleParticipant: ICredentialTestRequest['request'] = {
	url: `={{ (String($credentials.baseUrl || "").trim() || "${DEFAULT_BASE_URL}").replace(/\\/+$/, "") + "/accounts/" + encodeURIComponent(String($credentials.accountId || "").trim()) + "/participants/n8n-credential-test" }}`,
	method: 'GET',
	// The rules below read the body; n8n 2.8 reads any other form of this option as "ignore all".
	ignoreHttpStatusErrors: true,
};

/**
 * The answers that fail the test, in order. n8n shows the rules only the body, not the status,
 * so an answer passes only when it carries Bandwidth's error shape ({error, requestId}) without
 * saying why it refused: Bandwidth's 404 for the made-up participant. A 500 with that same
 * shape would pass too; the status cannot be told apart here.
 */
export function credentialTestRules(refusedMessage: string, forbiddenMessage: string): IAuthenticateRuleResponseSuccessBody[] {
	const notBandwidth =
		'The base URL did not answer as Bandwidth\'s WebRTC v1 API does (no Bandwidth error with a request ID). Check the Base URL in the credential, or try again if Bandwidth is having trouble.';
	return [
		{ type: 'responseSuccessBody', properties: { key: 'message', value: 'Unauthorized', message: refusedMessage } },
		{ type: 'responseSuccessBody', properties: { key: 'message', value: 'Forbidden', message: forbiddenMessage } },
		{
			type: 'responseSuccessBody',
			properties: {
				key: 'message',
				value: 'Missing Authentication Token',
				message: 'The base URL does not point at the WebRTC v1 API (Bandwidth answered 403)',
			},
		},
		{ type: 'responseSuccessBody', properties: { key: 'requestId', value: undefined, message: notBandwidth } },
		{ type: 'responseSuccessBody', properties: { key: 'error', value: undefined, message: notBandwidth } },
	];
}

/**
 * The Bandwidth WebRTC Callback API credential: the secret the trigger expects on incoming
 * callbacks. Bandwidth does not sign callbacks and lets us choose only the URL, so the secret rides
 * in the callback URL's query (the node puts it there); the header is for other senders (a proxy,
 * a test). Both nodes read these names from here.
 */
export const CALLBACK_CREDENTIAL_TYPE = 'bandwidthWebRtcCallbackApi';
export const CALLBACK_SECRET_QUERY_PARAMETER = 'secret';
export const CALLBACK_SECRET_HEADER = 'x-webhook-secret';

/** Enough that guessing is hopeless: 24 random letters and digits are about 140 bits. */
export const MIN_CALLBACK_SECRET_LENGTH = 24;
/** Fewer different characters than this is no random value (a run of one character, "abab…"). */
export const MIN_CALLBACK_SECRET_DISTINCT = 8;
// RFC 3986's unreserved characters: they travel unchanged in a query string pasted by hand and in
// a header. Anything else must be URL-encoded in the URL (a "+" would arrive as a space), and a
// space, a control or a non-ASCII character cannot go into a header as it is.
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
const ALLOWED_TEXT = 'letters, digits and - . _ ~';

/**
 * What can honestly be tested about a shared secret that no Bandwidth endpoint knows: that it is
 * set, long and varied enough, and made of characters that travel unchanged. Nothing is sent
 * anywhere, and the message says so; it never repeats the secret or any of its characters.
 */
export function judgeCallbackSecret(secret: unknown): INodeCredentialTestResult {
	if (typeof secret !== 'string' || secret === '') {
		return { status: 'Error', message: 'No secret set: the trigger refuses every callback until this credential holds one' };
	}
	const characters = [...secret];
	const others = characters.filter((character) => !UNRESERVED.test(character)).length;
	if (others > 0) {
		return {
			status: 'Error',
			message: `The secret holds ${others} character${others === 1 ? '' : 's'} other than ${ALLOWED_TEXT}: in a callback URL ${others === 1 ? 'it' : 'they'} would have to be URL-encoded, and a space or a non-ASCII character cannot travel in the X-Webhook-Secret header. Use ${ALLOWED_TEXT} only`,
		};
	}
	if (characters.length < MIN_CALLBACK_SECRET_LENGTH) {
		return {
			status: 'Error',
			message: `The secret has ${characters.length} characters: use at least ${MIN_CALLBACK_SECRET_LENGTH} random ${ALLOWED_TEXT}, for example from a password generator`,
		};
	}
	const distinct = new Set(characters).size;
	if (distinct < MIN_CALLBACK_SECRET_DISTINCT) {
		return {
			status: 'Error',
			message: `The secret has ${characters.length} characters but only ${distinct} different one${distinct === 1 ? '' : 's'}: use a random value, for example from a password generator`,
		};
	}
	return {
		status: 'OK',
		message: `Secret set, ${characters.length} characters (${distinct} different, ${ALLOWED_TEXT} only): strong enough. Only the secret itself was checked; Bandwidth does not know it, so nothing was sent`,
	};
}

/**
 * The callback credential's test, for `methods.credentialTest` of both nodes that use it (each
 * names it in `testedBy`): n8n's credential tester calls it with the decrypted credential.
 */
export const callbackSecretCredentialTest = {
	async callbackSecretStrength(credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
		return judgeCallbackSecret(credential.data?.secret);
	},
};
