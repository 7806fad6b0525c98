import type { IDataObject } from 'n8n-workflow';

/**
 * Reads the `exp` claim of the participant's device token (a JWT). Bandwidth does not document
 * the token's lifetime, so this is the only reliable source. Returns undefined for a token that
 * is not a JWT with a numeric `exp`.
 */
export function readTokenExpiry(token: unknown, now = Date.now()): IDataObject | undefined {
	if (typeof token !== 'string') return undefined;
	const payload = token.split('.')[1];
	if (!payload) return undefined;
	let claims: unknown;
	try {
		claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
	} catch {
		return undefined;
	}
	const exp = (claims as IDataObject | null)?.exp;
	if (typeof exp !== 'number' || !Number.isFinite(exp)) return undefined;
	return {
		tokenExpiresAt: new Date(exp * 1000).toISOString(),
		tokenExpiresInSeconds: Math.max(0, Math.floor(exp - now / 1000)),
	};
}
