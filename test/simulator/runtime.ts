// The simulator's run-time knobs and counters: latency, load shedding, in-flight requests,
// queued faults, the request log, and the timers that must be cleared on close.
import { FaultQueue } from './faults';
import type { RecordedRequest } from './types';

export class Runtime {
	latencyMs: number;
	maxInFlight: number | null = null;
	inFlight = 0;
	inFlightPeak = 0;
	/** TCP connections (one per request for n8n's HTTP helper, which keeps none open). */
	connections = 0;
	connectionsPeak = 0;
	connectionsOpened = 0;
	readonly faults = new FaultQueue();
	/** Kept as one array for the simulator's lifetime so references held by tests stay live. */
	readonly requests: RecordedRequest[] = [];
	private readonly timers = new Set<NodeJS.Timeout>();

	constructor(
		private readonly initialLatencyMs: number,
		readonly recordRequests: boolean,
		private readonly maxRecordedRequests: number,
	) {
		this.latencyMs = initialLatencyMs;
	}

	record(entry: RecordedRequest): void {
		this.requests.push(entry);
		// Drop the oldest; V8 trims the front of a large array cheaply.
		if (this.requests.length > this.maxRecordedRequests) this.requests.shift();
	}

	enter(): void {
		this.inFlight++;
		if (this.inFlight > this.inFlightPeak) this.inFlightPeak = this.inFlight;
	}

	leave(): void {
		this.inFlight--;
	}

	connectionOpened(): void {
		this.connections++;
		this.connectionsOpened++;
		if (this.connections > this.connectionsPeak) this.connectionsPeak = this.connections;
	}

	connectionClosed(): void {
		this.connections--;
	}

	/** A timer that close() can cancel, so a pending delay never keeps the process alive. */
	sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				resolve();
			}, ms);
			this.timers.add(timer);
		});
	}

	clearTimers(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}

	reset(): void {
		this.latencyMs = this.initialLatencyMs;
		this.maxInFlight = null;
		this.inFlightPeak = this.inFlight;
		this.connectionsPeak = this.connections;
		this.connectionsOpened = 0;
		this.faults.clear();
		this.requests.length = 0;
	}
}
