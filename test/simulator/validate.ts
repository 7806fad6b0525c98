// Validation of request bodies. Each check returns the cleaned value or the 400 message.
//
// Stricter than the spec on one point, on purpose: unknown fields are refused (400), so that a
// client sending a misspelt or misplaced field fails in tests instead of being silently ignored.
import { isPlainObject } from './http';
import type { DeviceApiVersion, ParticipantSubscription, PublishPermission, Subscriptions } from './types';

export type Check<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Check<T> => ({ ok: true, value });
const fail = <T>(error: string): Check<T> => ({ ok: false, error });

/** From Bandwidth's docs (not in the spec). */
export const MAX_TAG_LENGTH = 50;

const PERMISSIONS: readonly PublishPermission[] = ['AUDIO', 'VIDEO'];
const DEVICE_API_VERSIONS: readonly DeviceApiVersion[] = ['V3', 'V2'];

export interface CreateParticipantInput {
	callbackUrl?: string;
	publishPermissions: PublishPermission[];
	tag?: string;
	deviceApiVersion: DeviceApiVersion;
	subscriptions?: Subscriptions;
}

function unknownField(body: Record<string, unknown>, allowed: readonly string[], where: string): string | undefined {
	for (const key of Object.keys(body)) {
		if (!allowed.includes(key)) return `Unknown field '${key}' in ${where}`;
	}
	return undefined;
}

function checkTag(tag: unknown, field: string): Check<string | undefined> {
	if (tag === undefined) return ok(undefined);
	if (typeof tag !== 'string') return fail(`${field} must be a string`);
	// Count code points, not UTF-16 units, so an emoji is one character.
	if ([...tag].length > MAX_TAG_LENGTH) return fail(`${field} must be at most ${MAX_TAG_LENGTH} characters`);
	return ok(tag);
}

export function isAbsoluteHttpUrl(value: string): boolean {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return false;
	}
	return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
}

const CREATE_PARTICIPANT_FIELDS = ['callbackUrl', 'publishPermissions', 'tag', 'deviceApiVersion', 'subscriptions'];

export function validateCreateParticipant(body: unknown): Check<CreateParticipantInput> {
	// An empty body is a participant with every default.
	if (body === undefined) return ok({ publishPermissions: [], deviceApiVersion: 'V3' });
	if (!isPlainObject(body)) return fail('Request body must be a JSON object');
	const unknown = unknownField(body, CREATE_PARTICIPANT_FIELDS, 'createParticipantRequest');
	if (unknown) return fail(unknown);

	const input: CreateParticipantInput = { publishPermissions: [], deviceApiVersion: 'V3' };

	const { callbackUrl } = body;
	if (callbackUrl !== undefined && callbackUrl !== null) {
		if (typeof callbackUrl !== 'string') return fail('callbackUrl must be a string or null');
		if (!isAbsoluteHttpUrl(callbackUrl)) return fail('callbackUrl must be an absolute http(s) URL');
		input.callbackUrl = callbackUrl;
	}

	const { publishPermissions } = body;
	if (publishPermissions !== undefined) {
		if (!Array.isArray(publishPermissions)) return fail('publishPermissions must be an array');
		const seen = new Set<PublishPermission>();
		for (const permission of publishPermissions as unknown[]) {
			if (typeof permission !== 'string' || !PERMISSIONS.includes(permission as PublishPermission)) {
				return fail(`publishPermissions: unknown permission ${JSON.stringify(permission)} (allowed: AUDIO, VIDEO)`);
			}
			if (seen.has(permission as PublishPermission)) return fail(`publishPermissions: duplicate permission ${permission}`);
			seen.add(permission as PublishPermission);
		}
		input.publishPermissions = [...seen];
	}

	const tag = checkTag(body.tag, 'tag');
	if (!tag.ok) return fail(tag.error);
	if (tag.value !== undefined) input.tag = tag.value;

	const { deviceApiVersion } = body;
	if (deviceApiVersion !== undefined) {
		if (typeof deviceApiVersion !== 'string' || !DEVICE_API_VERSIONS.includes(deviceApiVersion as DeviceApiVersion)) {
			return fail(`deviceApiVersion must be one of V3, V2 (got ${JSON.stringify(deviceApiVersion)})`);
		}
		input.deviceApiVersion = deviceApiVersion as DeviceApiVersion;
	}

	if (body.subscriptions !== undefined && body.subscriptions !== null) {
		const subscriptions = validateSubscriptions(body.subscriptions, 'subscriptions');
		if (!subscriptions.ok) return fail(subscriptions.error);
		input.subscriptions = subscriptions.value;
	}

	return ok(input);
}

export function validateCreateSession(body: unknown): Check<{ tag?: string }> {
	if (body === undefined) return ok({});
	if (!isPlainObject(body)) return fail('Request body must be a JSON object');
	const unknown = unknownField(body, ['tag'], 'session');
	if (unknown) return fail(unknown);
	const tag = checkTag(body.tag, 'tag');
	if (!tag.ok) return fail(tag.error);
	return ok(tag.value === undefined ? {} : { tag: tag.value });
}

/**
 * A subscriptions object: `{sessionId?, participants?: [{participantId, streamAliases?}]}`.
 * `null` for participants or streamAliases counts as absent (the spec says "empty or null").
 */
export function validateSubscriptions(body: unknown, where = 'subscriptions'): Check<Subscriptions> {
	if (!isPlainObject(body)) return fail(`${where} must be a JSON object`);
	const unknown = unknownField(body, ['sessionId', 'participants'], where);
	if (unknown) return fail(unknown);

	const result: Subscriptions = {};
	const { sessionId, participants } = body;
	if (sessionId !== undefined && sessionId !== null) {
		if (typeof sessionId !== 'string' || sessionId.length === 0) return fail(`${where}.sessionId must be a non-empty string`);
		result.sessionId = sessionId;
	}
	if (participants !== undefined && participants !== null) {
		if (!Array.isArray(participants)) return fail(`${where}.participants must be an array`);
		const list: ParticipantSubscription[] = [];
		for (let i = 0; i < participants.length; i++) {
			const entry = checkParticipantSubscription(participants[i] as unknown, `${where}.participants[${i}]`);
			if (!entry.ok) return fail(entry.error);
			list.push(entry.value);
		}
		result.participants = list;
	}
	return ok(result);
}

function checkParticipantSubscription(entry: unknown, at: string): Check<ParticipantSubscription> {
	if (!isPlainObject(entry)) return fail(`${at} must be an object`);
	const extra = unknownField(entry, ['participantId', 'streamAliases'], at);
	if (extra) return fail(extra);
	const { participantId, streamAliases } = entry;
	if (participantId === undefined || participantId === null) return fail(`${at}.participantId is required`);
	if (typeof participantId !== 'string' || participantId.length === 0) return fail(`${at}.participantId must be a non-empty string`);
	const out: ParticipantSubscription = { participantId };
	if (streamAliases !== undefined && streamAliases !== null) {
		if (!Array.isArray(streamAliases)) return fail(`${at}.streamAliases must be an array of strings`);
		const seen = new Set<string>();
		for (const alias of streamAliases as unknown[]) {
			if (typeof alias !== 'string') return fail(`${at}.streamAliases must be an array of strings`);
			if (seen.has(alias)) return fail(`${at}.streamAliases: duplicate alias ${JSON.stringify(alias)}`);
			seen.add(alias);
		}
		out.streamAliases = [...seen];
	}
	return ok(out);
}

/** True when a subscriptions object subscribes to nothing (GET answers 204 then). */
export function isEmptySubscriptions(subscriptions: Subscriptions): boolean {
	return subscriptions.sessionId === undefined && (subscriptions.participants === undefined || subscriptions.participants.length === 0);
}
