// Wires the parts together behind the Simulator interface and owns the server's lifetime.
import type http from 'http';
import type { AddressInfo } from 'net';
import { createApiHandler } from './api';
import { AccessTokenStore } from './auth';
import { BrtcEndpoints } from './brtc/endpoints';
import { createControlHandler } from './control';
import { buildEventPayload, isParticipantEvent, newDeviceId, postJson } from './events';
import { parseFault } from './faults';
import { DeviceTokenSigner } from './jwt';
import { createTokenHandler } from './oauth';
import { Runtime } from './runtime';
import { createSimServer } from './server';
import { SimState } from './state';
import type {
	DeviceTokenClaims,
	Fault,
	Participant,
	ParticipantEventName,
	ParticipantEventOptions,
	ParticipantEventResult,
	RecordedRequest,
	Session,
	SimulatorOptions,
	SimulatorStateSnapshot,
} from './types';
import type { Simulator } from './simulator';

export const DEFAULTS = {
	host: '127.0.0.1',
	port: 0,
	accountId: '9900000',
	username: 'sim-user',
	password: 'sim-pass',
	clientId: 'sim-client',
	clientSecret: 'sim-secret',
	accessTokenLifetimeSeconds: 3600,
	deviceTokenLifetimeSeconds: 3600,
	latencyMs: 0,
	recordRequests: true,
	maxRecordedRequests: 20_000,
	brtc: {},
} satisfies Required<Omit<SimulatorOptions, 'tls'>>;

export class SimulatorInstance implements Simulator {
	readonly accountId: string;
	private readonly options: Required<Omit<SimulatorOptions, 'tls'>> & Pick<SimulatorOptions, 'tls'>;
	private readonly runtime: Runtime;
	private readonly tokens = new AccessTokenStore();
	private readonly deviceTokens: DeviceTokenSigner;
	private readonly state: SimState;
	private readonly deviceIds = new Map<string, string>();
	private readonly server: http.Server;
	/** BRTC Endpoints (/v2), sharing the OAuth token endpoint and the request pipeline. */
	readonly brtc: BrtcEndpoints;
	private address = '';
	private closed = false;

	constructor(options: SimulatorOptions) {
		this.options = { ...DEFAULTS, ...stripUndefined(options) };
		const o = this.options;
		this.accountId = o.accountId;
		this.runtime = new Runtime(o.latencyMs, o.recordRequests, o.maxRecordedRequests);
		this.deviceTokens = new DeviceTokenSigner(o.deviceTokenLifetimeSeconds);
		this.state = new SimState(this.deviceTokens);
		this.brtc = new BrtcEndpoints(o.accountId, this.tokens, () => this.address, o.brtc);
		this.server = createSimServer({
			runtime: this.runtime,
			handleApi: createApiHandler({
				state: this.state,
				accountId: o.accountId,
				user: { username: o.username, password: o.password },
				tokens: this.tokens,
			}),
			handleToken: createTokenHandler({
				clientId: o.clientId,
				clientSecret: o.clientSecret,
				lifetimeSeconds: o.accessTokenLifetimeSeconds,
				tokens: this.tokens,
			}),
			handleBrtc: (req) => this.brtc.handle(req, req.search ?? ''),
			handleControl: createControlHandler(this),
			tls: o.tls,
		});
	}

	async listen(): Promise<void> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.options.port, this.options.host, () => {
				this.server.off('error', reject);
				resolve();
			});
		});
		const { port } = this.server.address() as AddressInfo;
		// IPv6 literals need brackets in a URL.
		const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
		this.address = `${this.options.tls ? 'https' : 'http'}://${host}:${port}`;
	}

	get url(): string {
		return this.address;
	}
	get baseUrl(): string {
		return `${this.address}/v1`;
	}
	get brtcBaseUrl(): string {
		return `${this.address}/v2`;
	}
	get tokenUrl(): string {
		return `${this.address}/api/v1/oauth2/token`;
	}
	get participants(): Map<string, Participant> {
		return this.state.participants;
	}
	get sessions(): Map<string, Session> {
		return this.state.sessions;
	}
	get requests(): RecordedRequest[] {
		return this.runtime.requests;
	}
	get inFlightPeak(): number {
		return this.runtime.inFlightPeak;
	}
	get accessTokensIssued(): number {
		return this.tokens.issued;
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		this.runtime.clearTimers();
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			// Keep-alive sockets would otherwise hold the process (and jest) open.
			this.server.closeAllConnections();
		});
	}

	clearRequests(): void {
		this.runtime.requests.length = 0;
	}

	reset(): void {
		this.state.clear();
		this.runtime.reset();
		this.tokens.reset();
		this.deviceIds.clear();
		this.brtc.reset();
	}

	setLatency(ms: number): void {
		if (!Number.isFinite(ms) || ms < 0) throw new RangeError('latency must be a number >= 0');
		this.runtime.latencyMs = ms;
	}

	injectFaults(fault: Fault, count = 1): void {
		const checked = parseFault(fault);
		if (typeof checked === 'string') throw new TypeError(checked);
		if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be an integer >= 1');
		this.runtime.faults.push(checked, count);
	}

	clearFaults(): void {
		this.runtime.faults.clear();
	}

	setLoadShedding(maxInFlight: number | null): void {
		if (maxInFlight !== null && (!Number.isInteger(maxInFlight) || maxInFlight < 0)) {
			throw new RangeError('maxInFlight must be an integer >= 0 or null');
		}
		this.runtime.maxInFlight = maxInFlight;
	}

	revokeAccessTokens(): void {
		this.tokens.revokeAll();
	}

	expireAccessTokens(): void {
		this.tokens.expireAll();
	}

	verifyDeviceToken(token: string): DeviceTokenClaims | null {
		return this.deviceTokens.verify(token);
	}

	async sendParticipantEvent(
		participantId: string,
		event: ParticipantEventName,
		opts: ParticipantEventOptions = {},
	): Promise<ParticipantEventResult> {
		if (!isParticipantEvent(event)) throw new TypeError(`Unknown participant event ${String(event)}`);
		const participant = this.state.participants.get(participantId);
		if (!participant) throw new Error(`Participant ${participantId} not found`);
		if (!participant.callbackUrl) throw new Error(`Participant ${participantId} has no callbackUrl`);
		// One device per participant, so its onConnect and onDisconnect carry the same id.
		let deviceId = this.deviceIds.get(participantId);
		if (!deviceId) {
			deviceId = newDeviceId();
			this.deviceIds.set(participantId, deviceId);
		}
		const payload = buildEventPayload(participant, event, deviceId, opts);
		const { status, body } = await postJson(participant.callbackUrl, payload, opts);
		return { status, body, payload };
	}

	snapshot(): SimulatorStateSnapshot {
		return {
			accountId: this.accountId,
			participants: [...this.state.participants.values()],
			sessions: [...this.state.sessions.values()],
			counts: {
				participants: this.state.participants.size,
				sessions: this.state.sessions.size,
				requests: this.runtime.requests.length,
				faultsQueued: this.runtime.faults.size,
			},
			inFlight: this.runtime.inFlight,
			inFlightPeak: this.runtime.inFlightPeak,
			connections: {
				open: this.runtime.connections,
				peak: this.runtime.connectionsPeak,
				opened: this.runtime.connectionsOpened,
			},
			accessTokensIssued: this.tokens.issued,
			latencyMs: this.runtime.latencyMs,
			maxInFlight: this.runtime.maxInFlight,
		};
	}
}

/** `{port: undefined}` must not override the default. */
function stripUndefined(options: SimulatorOptions): SimulatorOptions {
	return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as SimulatorOptions;
}
