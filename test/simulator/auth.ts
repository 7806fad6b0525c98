// Who may call the API: HTTP Basic with the API user, or a Bearer token from the token endpoint.
import { randomBytes } from 'crypto';

export interface BasicCredentials {
	username: string;
	password: string;
}

/** Decodes `Basic base64(user:pass)`; undefined when the header is not that. */
export function parseBasic(header: string | undefined): BasicCredentials | undefined {
	if (!header) return undefined;
	const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon === -1) return undefined;
	return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function parseBearer(header: string | undefined): string | undefined {
	if (!header) return undefined;
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
	return match ? match[1] : undefined;
}

/** Opaque OAuth access tokens and when they expire. */
export class AccessTokenStore {
	/** token → expiry (ms since the epoch). Revoked tokens are simply forgotten. */
	private readonly tokens = new Map<string, number>();
	private issuedCount = 0;

	get issued(): number {
		return this.issuedCount;
	}

	issue(lifetimeSeconds: number): string {
		// Forget expired tokens now and then so a long benchmark does not grow the map forever.
		if (this.tokens.size >= 10_000) this.pruneExpired();
		const token = randomBytes(32).toString('base64url');
		this.tokens.set(token, Date.now() + lifetimeSeconds * 1000);
		this.issuedCount++;
		return token;
	}

	isValid(token: string): boolean {
		const expiresAt = this.tokens.get(token);
		return expiresAt !== undefined && expiresAt > Date.now();
	}

	revokeAll(): void {
		this.tokens.clear();
	}

	expireAll(): void {
		for (const token of this.tokens.keys()) this.tokens.set(token, 0);
	}

	/** Forgets every token and the issued counter. */
	reset(): void {
		this.tokens.clear();
		this.issuedCount = 0;
	}

	private pruneExpired(): void {
		const now = Date.now();
		for (const [token, expiresAt] of this.tokens) if (expiresAt <= now) this.tokens.delete(token);
	}
}

/** True when the Authorization header holds the API user or a live access token. */
export function isAuthorized(header: string | undefined, user: BasicCredentials, tokens: AccessTokenStore): boolean {
	const basic = parseBasic(header);
	if (basic) return basic.username === user.username && basic.password === user.password;
	const bearer = parseBearer(header);
	return bearer !== undefined && tokens.isValid(bearer);
}
