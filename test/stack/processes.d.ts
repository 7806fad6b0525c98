// Types for processes.js, for the TypeScript scripts that stop what they started.
import type { Readable } from 'stream';

export interface StartedProcess {
	procName: string;
	pid: number | undefined;
	stdout: Readable;
	stderr: Readable;
	exited: Promise<{ code: number | null; signal: string | null; error?: unknown }>;
}

export function stopProcess(child: StartedProcess | undefined, options?: { graceMs?: number; signal?: NodeJS.Signals }): Promise<void>;
export function stopAll(options?: { graceMs?: number; signal?: NodeJS.Signals }): Promise<void>;
