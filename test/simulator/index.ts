// A stateful stand-in for Bandwidth's WebRTC v1 API on 127.0.0.1, shared by the engine tests,
// the demo, `npm run dev` and the benchmark. See types.ts for the public shapes.
import { DEFAULTS, SimulatorInstance } from './instance';

export { LET_THROUGH } from './faults';
import type { Simulator } from './simulator';
import type { SimulatorOptions } from './types';

export type {
	DeviceApiVersion,
	DeviceTokenClaims,
	Fault,
	FaultKind,
	Participant,
	ParticipantEventName,
	ParticipantEventOptions,
	ParticipantEventPayload,
	ParticipantEventResult,
	ParticipantSubscription,
	PublishPermission,
	RecordedRequest,
	Session,
	SimulatorOptions,
	SimulatorStateSnapshot,
	Subscriptions,
} from './types';
export type { Simulator } from './simulator';
export type {
	BrtcDevice,
	BrtcEndpoint,
	BrtcEventDelivery,
	BrtcEventName,
	BrtcEventShape,
	BrtcOptions,
} from './brtc/types';
export { BRTC_DEFAULTS } from './brtc/endpoints';
export { decodeJwtPayload } from './jwt';
export { MAX_PARTICIPANTS_PER_SESSION } from './state';
export { MAX_TAG_LENGTH } from './validate';
export { DEFAULTS as SIMULATOR_DEFAULTS };

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const simulator = new SimulatorInstance(options);
	await simulator.listen();
	return simulator;
}
