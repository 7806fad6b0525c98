import { createHash, timingSafeEqual } from 'crypto';

// Where the secret travels (query parameter, header): credentials/shared.ts, beside the credential.

/** 'unconfigured': there is no secret to compare with, so nothing may pass. */
export type SecretCheck = 'ok' | 'missing' | 'wrong' | 'unconfigured';

// Hashing first gives equal-length buffers, so neither the content nor the length leaks.
function sameSecret(expected: string, given: string): boolean {
	const a = createHash('sha256').update(expected, 'utf8').digest();
	const b = createHash('sha256').update(given, 'utf8').digest();
	return timingSafeEqual(a, b);
}

/**
 * Compares the configured secret with what the request carries (header and query values,
 * each a string, a list of strings or absent). Exactly one value may be given: several (a
 * repeated `?secret=`, or both header and query) are refused unread, so that one request
 * cannot try many guesses. An empty or absent secret refuses everything: a credential saved
 * without a value must not open the trigger to anyone.
 */
export function checkSecret(expected: unknown, candidates: unknown[]): SecretCheck {
	if (typeof expected !== 'string' || expected === '') return 'unconfigured';
	const given = candidates
		.flatMap((value) => (Array.isArray(value) ? value : [value]))
		.filter((value): value is string => typeof value === 'string' && value !== '');
	if (given.length === 0) return 'missing';
	if (given.length > 1) return 'wrong';
	return sameSecret(expected, given[0]) ? 'ok' : 'wrong';
}
