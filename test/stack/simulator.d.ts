// Types for simulator.js, for the TypeScript scripts (the benchmark) that start it.
import type { StartedProcess } from './processes';

export interface SimulatorInfo {
	url: string;
	baseUrl: string;
	brtcBaseUrl: string;
	tokenUrl: string;
	accountId: string;
}

export interface SimulatorControl {
	call(method: string, route: string, body?: unknown): Promise<Record<string, unknown>>;
	state(): Promise<Record<string, unknown>>;
	requests(): Promise<Array<Record<string, unknown>>>;
	reset(): Promise<unknown>;
	latency(ms: number): Promise<unknown>;
	loadShedding(maxInFlight: number | null): Promise<unknown>;
	revokeTokens(): Promise<unknown>;
}

export interface StartedSimulator {
	child: StartedProcess;
	info: SimulatorInfo;
	control: SimulatorControl;
}

export const REPO_ROOT: string;
export const SIM_DEFAULTS: { accountId: string; username: string; password: string; clientId: string; clientSecret: string };
export function startSimulator(options?: {
	port?: number;
	logFile?: string;
	echo?: boolean;
	env?: Record<string, string | undefined>;
	tls?: { keyFile: string; certFile: string };
}): Promise<StartedSimulator>;
export function simulatorEnv(user: { accountId?: string; username?: string; password?: string; clientId?: string; clientSecret?: string }): Record<string, string | undefined>;
export function simulatorControl(url: string): SimulatorControl;
