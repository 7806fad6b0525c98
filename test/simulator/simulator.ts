// The running simulator's handle, as startSimulator returns it. Apart from the plain shapes in
// types.ts, since it names the BRTC part's class, whose modules need those shapes.
import type { BrtcEndpoints } from './brtc/endpoints';
import type {
	DeviceTokenClaims,
	Fault,
	Participant,
	ParticipantEventName,
	ParticipantEventOptions,
	ParticipantEventResult,
	RecordedRequest,
	Session,
	SimulatorStateSnapshot,
} from './types';

export interface Simulator {
	readonly url: string;
	readonly baseUrl: string;
	readonly tokenUrl: string;
	/** BRTC Endpoints' base URL (…/v2), for the Bandwidth BRTC OAuth2 API credential. */
	readonly brtcBaseUrl: string;
	/** BRTC Endpoints: live endpoints, accepted BXML, the clock, webhooks. */
	readonly brtc: BrtcEndpoints;
	readonly accountId: string;
	/** The live state, for reading in tests (change it through the API, not here). */
	readonly participants: Map<string, Participant>;
	readonly sessions: Map<string, Session>;
	readonly requests: RecordedRequest[];
	readonly inFlightPeak: number;
	readonly accessTokensIssued: number;
	close(): Promise<void>;
	/** Clears state, faults, latency, load shedding, the request log, tokens and counters. */
	reset(): void;
	/** Empties the request log only (state, faults and tokens stay). */
	clearRequests(): void;
	setLatency(ms: number): void;
	injectFaults(fault: Fault, count?: number): void;
	clearFaults(): void;
	setLoadShedding(maxInFlight: number | null): void;
	revokeAccessTokens(): void;
	expireAccessTokens(): void;
	/** Checks a create-participant token's signature and expiry; its claims, or null. */
	verifyDeviceToken(token: string): DeviceTokenClaims | null;
	sendParticipantEvent(
		participantId: string,
		event: ParticipantEventName,
		opts?: ParticipantEventOptions,
	): Promise<ParticipantEventResult>;
	snapshot(): SimulatorStateSnapshot;
}
