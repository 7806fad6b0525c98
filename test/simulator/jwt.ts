// The device token that create-participant returns: a JWT (HS256) with tid, v, exp and iat,
// signed with a secret that lives only as long as the simulator.
import { createHmac, randomBytes, timingSafeEqual } from 'crypto';
import { isPlainObject } from './http';
import type { DeviceApiVersion, DeviceTokenClaims } from './types';

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

export class DeviceTokenSigner {
	private readonly secret = randomBytes(32);

	constructor(private readonly lifetimeSeconds: number) {}

	issue(participantId: string, version: DeviceApiVersion): string {
		const iat = Math.floor(Date.now() / 1000);
		const claims: DeviceTokenClaims = { tid: participantId, v: version, exp: iat + this.lifetimeSeconds, iat };
		const unsigned = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
		return `${unsigned}.${this.signature(unsigned)}`;
	}

	/** The claims when the signature is ours and the token has not expired; otherwise null. */
	verify(token: string): DeviceTokenClaims | null {
		const parts = token.split('.');
		if (parts.length !== 3 || parts[0] !== HEADER) return null;
		const expected = Buffer.from(this.signature(`${parts[0]}.${parts[1]}`));
		const given = Buffer.from(parts[2]);
		if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
		const claims = decodeJwtPayload(token);
		if (!isPlainObject(claims) || typeof claims.exp !== 'number' || claims.exp <= Date.now() / 1000) return null;
		return claims as unknown as DeviceTokenClaims;
	}

	private signature(unsigned: string): string {
		return createHmac('sha256', this.secret).update(unsigned).digest('base64url');
	}
}

/** The payload of any JWT, without checking it; undefined when it is not JWT-shaped. */
export function decodeJwtPayload(token: string): unknown {
	const parts = token.split('.');
	if (parts.length !== 3) return undefined;
	try {
		return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
	} catch {
		return undefined;
	}
}
