// Public types of the WebRTC v1 simulator. Shapes follow Bandwidth's OpenAPI 2.0.0 spec.
import type { BrtcOptions } from './brtc/types';

export type PublishPermission = 'AUDIO' | 'VIDEO';

/** 'V3' is the only value in spec 2.0.0; spec 1.0.5 also allows 'V2'. */
export type DeviceApiVersion = 'V3' | 'V2';

export interface ParticipantSubscription {
	participantId: string;
	streamAliases?: string[];
}

export interface Subscriptions {
	sessionId?: string;
	participants?: ParticipantSubscription[];
}

/** A participant exactly as the API returns it (the simulator stores this very object). */
export interface Participant {
	id: string;
	callbackUrl?: string;
	publishPermissions: PublishPermission[];
	/** At most one session id. */
	sessions: string[];
	/** Subscriptions of the participant in its current session; `{}` when none. */
	subscriptions: Subscriptions;
	tag?: string;
	deviceApiVersion: DeviceApiVersion;
}

/** A session as stored; the API answers only `{id, tag}`. */
export interface Session {
	id: string;
	tag?: string;
	/** Members in the order they joined. */
	participantIds: string[];
}

export type Fault =
	| { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
	| { kind: 'resetBeforeRead' }
	| { kind: 'resetAfterApply' }
	| { kind: 'malformedJson' }
	| { kind: 'slowBody'; ms: number }
	| { kind: 'delay'; ms: number };

export type FaultKind = Fault['kind'];

export interface RecordedRequest {
	method: string;
	/** Path with query string, as sent. */
	path: string;
	/** Lower-case header names, as Node gives them. */
	headers: Record<string, string | string[] | undefined>;
	body: string;
	/** Parsed body when it was valid JSON. */
	json?: unknown;
	/** Status answered; 0 when the socket was destroyed instead (reset faults). */
	status: number;
}

export type ParticipantEventName = 'onConnect' | 'onLeave' | 'onDisconnect';

export interface ParticipantEventPayload {
	event: ParticipantEventName;
	/** Milliseconds since the epoch, as a string (as in Bandwidth's example). */
	timestamp: string;
	participantId: string;
	deviceId: string;
	tag?: string;
}

export interface ParticipantEventOptions {
	/** Defaults to a made-up id that stays the same for a participant until reset. */
	deviceId?: string;
	/** Defaults to now; a number is sent as a string. */
	timestamp?: number | string;
	/** Extra headers for the callback request. */
	headers?: Record<string, string>;
	/** Give up on the receiver after this long (default 10,000 ms). */
	timeoutMs?: number;
}

export interface ParticipantEventResult {
	status: number;
	body: string;
	/** What was sent. */
	payload: ParticipantEventPayload;
}

export interface DeviceTokenClaims {
	tid: string;
	v: DeviceApiVersion;
	exp: number;
	iat: number;
}

export interface SimulatorOptions {
	host?: string;
	port?: number;
	accountId?: string;
	username?: string;
	password?: string;
	clientId?: string;
	clientSecret?: string;
	accessTokenLifetimeSeconds?: number;
	deviceTokenLifetimeSeconds?: number;
	latencyMs?: number;
	/** Keep a log of API requests in `requests` (default true; turn off for benchmarks). */
	recordRequests?: boolean;
	/** How many of the most recent requests the log keeps (default 20,000). */
	maxRecordedRequests?: number;
	/** BRTC Endpoints: endpoint lifetime and quota. */
	brtc?: BrtcOptions;
	/** Serve HTTPS with this PEM key and certificate instead of plain HTTP (the benchmark's realistic link). */
	tls?: { key: string; cert: string };
}

export interface SimulatorStateSnapshot {
	accountId: string;
	participants: Participant[];
	sessions: Session[];
	counts: { participants: number; sessions: number; requests: number; faultsQueued: number };
	inFlight: number;
	inFlightPeak: number;
	/** TCP connections: open now, the most open at once, and opened, since the last reset. */
	connections: { open: number; peak: number; opened: number };
	accessTokensIssued: number;
	latencyMs: number;
	maxInFlight: number | null;
}

