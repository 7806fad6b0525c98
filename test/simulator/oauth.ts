// The OAuth 2.0 token endpoint (client-credentials grant), as at api.bandwidth.com.
import type { AccessTokenStore } from './auth';
import { parseBasic } from './auth';
import type { SimRequest, SimResponse } from './http';
import { isPlainObject, jsonResponse, missingAuthToken } from './http';

export const TOKEN_PATH = '/api/v1/oauth2/token';

export interface TokenEndpointDeps {
	clientId: string;
	clientSecret: string;
	lifetimeSeconds: number;
	tokens: AccessTokenStore;
}

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

export function createTokenHandler(deps: TokenEndpointDeps): (req: SimRequest) => SimResponse {
	return (req) => {
		if (req.method !== 'POST') return missingAuthToken();
		const form = readForm(req);

		// Client authentication: Basic header first, else client_id/client_secret in the form.
		const header = req.headers.authorization;
		const basic = parseBasic(header);
		const clientId = basic ? basic.username : form.get('client_id');
		const clientSecret = basic ? basic.password : form.get('client_secret');
		if (clientId !== deps.clientId || clientSecret !== deps.clientSecret) {
			return jsonResponse(
				401,
				{ error: 'invalid_client', error_description: clientId == null ? 'Client authentication is missing' : 'Client authentication failed' },
				{ ...NO_STORE, 'www-authenticate': 'Basic realm="oauth2"' },
			);
		}

		const grantType = form.get('grant_type');
		if (grantType === null) {
			return jsonResponse(400, { error: 'invalid_request', error_description: 'grant_type is required' }, NO_STORE);
		}
		if (grantType !== 'client_credentials') {
			return jsonResponse(400, { error: 'unsupported_grant_type', error_description: `grant_type ${grantType} is not supported` }, NO_STORE);
		}

		return jsonResponse(
			200,
			{ access_token: deps.tokens.issue(deps.lifetimeSeconds), token_type: 'Bearer', expires_in: deps.lifetimeSeconds },
			NO_STORE,
		);
	};
}

/** The form fields; a JSON object body is accepted too, for lenient clients. */
function readForm(req: SimRequest): URLSearchParams {
	const contentType = String(req.headers['content-type'] ?? '');
	if (contentType.includes('json') && isPlainObject(req.json)) {
		const params = new URLSearchParams();
		for (const [key, value] of Object.entries(req.json)) if (typeof value === 'string') params.set(key, value);
		return params;
	}
	return new URLSearchParams(req.rawBody);
}
