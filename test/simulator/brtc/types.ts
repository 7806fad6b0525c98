// Public types of the simulator's BRTC Endpoints part (shapes from Bandwidth's spec).

export interface BrtcDevice {
	deviceId: string;
	status: 'CONNECTED' | 'DISCONNECTED';
	creationTimestamp: string;
}

/** An endpoint as stored: the spec's `endpoint` fields plus what create was given. */
export interface BrtcEndpoint {
	endpointId: string;
	type: 'WEBRTC';
	status: 'CONNECTED' | 'DISCONNECTED';
	creationTimestamp: string;
	expirationTimestamp: string;
	devices: BrtcDevice[];
	tag?: string;
	direction: 'INBOUND' | 'OUTBOUND' | 'BIDIRECTIONAL';
	eventCallbackUrl?: string;
	eventFallbackUrl?: string;
	connectionMetadata?: Record<string, unknown>;
}

export type BrtcEventName = 'endpointConnected' | 'endpointDisconnected' | 'endpointEligible' | 'endpointIneligible';

/**
 * 'docs': what Bandwidth's webhook page shows, {accountId, endpointId, event, deviceId,
 * timestamp (ms), tags}; 'spec': the spec's endpointEvent, {…endpoint, eventType, eventTime, device}.
 */
export type BrtcEventShape = 'docs' | 'spec';

export interface BrtcOptions {
	/** How long an endpoint (and its token) lives; Bandwidth: 24 hours. */
	endpointLifetimeSeconds?: number;
	/** Endpoints an account may hold before create answers 429 too_many_endpoints (not documented by Bandwidth). */
	maxEndpoints?: number;
	tooManyEndpointsRetryAfterSeconds?: number;
}

export interface BrtcEventAttempt {
	url: string;
	/** The receiver's status, or 0 when it could not be reached. */
	status: number;
	body: string;
	error?: string;
}

export interface BrtcEventDelivery {
	payload: Record<string, unknown>;
	/** The callback URL first, then the fallback URL when the first did not answer 2xx. */
	attempts: BrtcEventAttempt[];
	/** True when an attempt got a 2xx. */
	delivered: boolean;
}
