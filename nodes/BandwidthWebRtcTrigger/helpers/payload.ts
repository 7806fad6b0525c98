import type { IDataObject } from 'n8n-workflow';

// What Bandwidth POSTs to a participant's callbackUrl: {event, timestamp, participantId, deviceId, tag?}.
export const PARTICIPANT_EVENTS = ['onConnect', 'onLeave', 'onDisconnect'] as const;
export type ParticipantEventName = (typeof PARTICIPANT_EVENTS)[number];

export interface ParticipantEvent extends IDataObject {
	event: ParticipantEventName;
	/** Milliseconds since the epoch. */
	timestamp: number;
	participantId: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

function isPlainObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

function parseJsonObject(text: string): Parsed<IDataObject> {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		return fail('The body is not valid JSON');
	}
	return isPlainObject(parsed) ? { ok: true, value: parsed } : fail('The body is not a JSON object');
}

/**
 * The callback's JSON object. n8n parses the body only when it is sent as application/json;
 * otherwise it is a string or absent, so the raw bytes are parsed here instead.
 */
export function readJsonObject(body: unknown, rawBody?: unknown): Parsed<IDataObject> {
	if (isPlainObject(body) && Object.keys(body).length > 0) return { ok: true, value: body };
	if (Buffer.isBuffer(rawBody) && rawBody.length > 0) return parseJsonObject(rawBody.toString('utf8'));
	if (typeof body === 'string' && body.trim() !== '') return parseJsonObject(body);
	if (isPlainObject(body)) return { ok: true, value: body };
	if (body !== undefined && body !== null && typeof body !== 'string') return fail('The body is not a JSON object');
	return fail('The body is empty');
}

const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/;
// Only ISO 8601: Date.parse alone would accept loose text such as "March 7".
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Milliseconds from a number, a numeric string (Bandwidth's example) or an ISO date; else undefined. */
export function parseTimestamp(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string') return undefined;
	if (NUMERIC.test(value)) {
		const ms = Number(value);
		return Number.isFinite(ms) ? ms : undefined;
	}
	const text = value.trim();
	if (!ISO_DATE.test(text)) return undefined;
	const ms = Date.parse(text);
	return Number.isNaN(ms) ? undefined : ms;
}

export function isParticipantEventName(value: unknown): value is ParticipantEventName {
	return typeof value === 'string' && (PARTICIPANT_EVENTS as readonly string[]).includes(value);
}

/** Checks a callback and returns it with a numeric timestamp; other fields stay as sent. */
export function parseParticipantEvent(payload: IDataObject): Parsed<ParticipantEvent> {
	if (payload.event === undefined || payload.event === null || payload.event === '') {
		return fail('"event" is missing');
	}
	if (!isParticipantEventName(payload.event)) {
		return fail(`"event" must be one of ${PARTICIPANT_EVENTS.join(', ')}`);
	}
	if (typeof payload.participantId !== 'string' || payload.participantId.trim() === '') {
		return fail('"participantId" is missing');
	}
	const timestamp = parseTimestamp(payload.timestamp);
	if (timestamp === undefined) {
		return fail('"timestamp" must be milliseconds since the epoch or an ISO 8601 date');
	}
	return {
		ok: true,
		value: { ...payload, event: payload.event, participantId: payload.participantId, timestamp },
	};
}
