import type { IDataObject } from 'n8n-workflow';

import type { Parsed } from './payload';
import { parseTimestamp } from './payload';

/**
 * What Bandwidth posts to a BRTC endpoint's eventCallbackUrl (and eventFallbackUrl). Two shapes,
 * both accepted:
 * - Bandwidth's webhook page (dev.bandwidth.com/docs/brtc/webhooks):
 *   {accountId, endpointId, event: "endpointConnected", deviceId, timestamp: 1771537419412, tags};
 * - Bandwidth's OpenAPI spec (endpointEvent): the endpoint's fields plus
 *   {eventType: "DEVICE_CONNECTED" | "DEVICE_DISCONNECTED", eventTime: ISO 8601, device}.
 * Either way the item keeps every field as sent, with `event` under its Bandwidth name and
 * `timestamp` in milliseconds.
 */
export const BRTC_EVENTS = [
	'endpointConnected',
	'endpointDisconnected',
	'endpointEligible',
	'endpointIneligible',
	'outboundConnectionRequest',
] as const;
export type BrtcEventName = (typeof BRTC_EVENTS)[number];

/** The spec's eventType, under the event names of Bandwidth's webhook page. */
export const SPEC_EVENT_TYPES: Record<string, BrtcEventName> = {
	DEVICE_CONNECTED: 'endpointConnected',
	DEVICE_DISCONNECTED: 'endpointDisconnected',
};

export interface BrtcEvent extends IDataObject {
	event: BrtcEventName;
	/** Milliseconds since the epoch. */
	timestamp: number;
	endpointId: string;
}

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

export function isBrtcEventName(value: unknown): value is BrtcEventName {
	return typeof value === 'string' && (BRTC_EVENTS as readonly string[]).includes(value);
}

/** A BRTC callback rather than a WebRTC v1 participant callback. */
export function isBrtcPayload(payload: IDataObject): boolean {
	if (payload.eventType !== undefined || isBrtcEventName(payload.event)) return true;
	return payload.endpointId !== undefined && payload.participantId === undefined;
}

export function parseBrtcEvent(payload: IDataObject): Parsed<BrtcEvent> {
	if (typeof payload.endpointId !== 'string' || payload.endpointId.trim() === '') {
		return fail('"endpointId" is missing');
	}
	if (payload.eventType !== undefined) {
		const event = typeof payload.eventType === 'string' ? SPEC_EVENT_TYPES[payload.eventType] : undefined;
		if (event === undefined) {
			return fail(`"eventType" must be one of ${Object.keys(SPEC_EVENT_TYPES).join(', ')}`);
		}
		const timestamp = parseTimestamp(payload.eventTime);
		if (timestamp === undefined || typeof payload.eventTime !== 'string') {
			return fail('"eventTime" must be an ISO 8601 date');
		}
		return { ok: true, value: { ...payload, event, timestamp, endpointId: payload.endpointId } };
	}
	if (payload.event === undefined || payload.event === null || payload.event === '') {
		return fail('"event" is missing');
	}
	if (!isBrtcEventName(payload.event)) {
		return fail(`"event" must be one of ${BRTC_EVENTS.join(', ')}`);
	}
	const timestamp = parseTimestamp(payload.timestamp);
	if (timestamp === undefined) {
		return fail('"timestamp" must be milliseconds since the epoch or an ISO 8601 date');
	}
	return { ok: true, value: { ...payload, event: payload.event, timestamp, endpointId: payload.endpointId } };
}
