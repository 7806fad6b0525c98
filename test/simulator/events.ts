// Participant callbacks: what Bandwidth POSTs to a participant's callbackUrl.
import { randomUUID } from 'crypto';
import http from 'http';
import https from 'https';
import type { Participant, ParticipantEventName, ParticipantEventOptions, ParticipantEventPayload } from './types';

export const PARTICIPANT_EVENTS: readonly ParticipantEventName[] = ['onConnect', 'onLeave', 'onDisconnect'];

export function isParticipantEvent(value: unknown): value is ParticipantEventName {
	return typeof value === 'string' && (PARTICIPANT_EVENTS as readonly string[]).includes(value);
}

/** Bandwidth's callback body: `{event, timestamp, participantId, deviceId, tag?}`. */
export function buildEventPayload(
	participant: Participant,
	event: ParticipantEventName,
	deviceId: string,
	opts: ParticipantEventOptions,
): ParticipantEventPayload {
	return {
		event,
		timestamp: String(opts.timestamp ?? Date.now()),
		participantId: participant.id,
		deviceId: opts.deviceId ?? deviceId,
		...(participant.tag !== undefined && { tag: participant.tag }),
	};
}

/** A made-up device id, like the ones Bandwidth sends. */
export const newDeviceId = (): string => `device-${randomUUID()}`;

/** POSTs JSON with Node's own client (no keep-alive, so nothing stays open) and reads the answer. */
export function postJson(
	url: string,
	payload: unknown,
	opts: { headers?: Record<string, string>; timeoutMs?: number },
): Promise<{ status: number; body: string }> {
	const body = JSON.stringify(payload);
	const target = new URL(url);
	const client = target.protocol === 'https:' ? https : http;
	return new Promise((resolve, reject) => {
		const request = client.request(
			target,
			{
				method: 'POST',
				agent: false,
				headers: {
					'content-type': 'application/json',
					'content-length': Buffer.byteLength(body),
					'user-agent': 'bandwidth-webrtc-simulator',
					...opts.headers,
				},
				timeout: opts.timeoutMs ?? 10_000,
			},
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
				response.on('error', reject);
			},
		);
		request.on('timeout', () => request.destroy(new Error(`Callback to ${url} timed out`)));
		request.on('error', reject);
		request.end(body);
	});
}
