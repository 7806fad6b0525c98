export interface AdaptiveLimitOptions {
	/** The most it may grow to; the start by default, which makes the limit fixed (it only shrinks on 429). */
	max?: number;
	/** Latency counts as rising once its smoothed value is this many times the lowest seen. */
	latencyTolerance?: number;
}

/** Weight of a new latency sample in the smoothed latency. */
const LATENCY_SMOOTHING = 0.25;

/** Samples before the lowest smoothed latency is trusted as the link's own. */
const LATENCY_WARM_UP = 4;

export const DEFAULT_LATENCY_TOLERANCE = 1.5;

/** No growth for this long after a cut. */
export const HOLD_AFTER_CUT_MS = 1_000;

/**
 * How many requests may be in flight at once.
 *
 * It starts at `start` and grows while answers come back without 429 and without rising
 * latency, up to `max`: first by one per success (doubling every round trip), then, once a 429
 * or a rise in latency has been seen, by one per round trip. Latency is smoothed, and it is
 * "rising" when that is `latencyTolerance` times the lowest smoothed value of this limit's life:
 * more in flight then only waits longer (the link or Bandwidth is full), so it stops growing.
 * On a 429 it halves (several 429s from one burst count as one), holds for a second while the
 * items told to retry come back, and it will not grow back to
 * the level at which Bandwidth shed load: an item has only a few attempts, so the limit must not
 * keep probing into 429s. Without it, every item told "retry after 1 s" would come back in the
 * same instant and be shed again.
 */
export class AdaptiveLimit {
	private limit: number;

	/** The most it may grow to: Max Concurrency, lowered below each level at which Bandwidth answered 429 (not below the start). */
	private max: number;

	private readonly latencyTolerance: number;

	/** Doubling each round trip, until the first 429 or rise in latency. */
	private slowStart = true;

	private smoothedLatency?: number;

	private lowestLatency?: number;

	private samples = 0;

	private active = 0;

	private lastCut = 0;

	private readonly waiting: Array<() => void> = [];

	private readonly start: number;

	constructor(
		start: number,
		/** Several 429s from one burst count as one signal. */
		private readonly cutIntervalMs = 500,
		options: AdaptiveLimitOptions = {},
	) {
		this.limit = Math.max(1, start);
		this.start = this.limit;
		this.max = Math.max(this.limit, options.max ?? start);
		this.latencyTolerance = options.latencyTolerance ?? DEFAULT_LATENCY_TOLERANCE;
	}

	get current(): number {
		return Math.floor(this.limit);
	}

	/** The lowest and the latest smoothed latency (ms), for tests and explanations. */
	get latency(): { lowest?: number; smoothed?: number } {
		return { lowest: this.lowestLatency, smoothed: this.smoothedLatency };
	}

	async acquire(): Promise<void> {
		if (this.active < this.current) {
			this.active++;
			return;
		}
		await new Promise<void>((resolve) => this.waiting.push(resolve));
	}

	release(): void {
		this.active--;
		this.admit();
	}

	throttled(now = Date.now()): void {
		this.slowStart = false;
		if (now - this.lastCut < this.cutIntervalMs) return;
		this.lastCut = now;
		// Bandwidth shed load at this level: do not come back to it in this execution (each item
		// has only a few attempts), and send half as many for now.
		// Never below the start: at worst it behaves as a fixed limit does (halve, grow back).
		this.max = Math.max(this.start, Math.min(this.max, Math.ceil(this.limit) - 1));
		this.limit = Math.max(1, this.limit / 2);
	}

	/** An answer without 429, and how long it took (ms), when known. */
	succeeded(latencyMs?: number, now = Date.now()): void {
		if (latencyMs !== undefined && Number.isFinite(latencyMs) && this.latencyRising(Math.max(0, latencyMs))) {
			this.slowStart = false;
			return;
		}
		if (this.limit >= this.max) return;
		// After a cut, hold while the items told to retry come back (Retry-After is often a second).
		if (now - this.lastCut < HOLD_AFTER_CUT_MS) return;
		this.limit = Math.min(this.max, this.limit + (this.slowStart ? 1 : 1 / this.limit));
		this.admit();
	}

	private latencyRising(sample: number): boolean {
		this.samples++;
		this.smoothedLatency =
			this.smoothedLatency === undefined
				? sample
				: this.smoothedLatency + (sample - this.smoothedLatency) * LATENCY_SMOOTHING;
		if (this.samples < LATENCY_WARM_UP) return false;
		if (this.lowestLatency === undefined || this.smoothedLatency < this.lowestLatency) {
			this.lowestLatency = this.smoothedLatency;
		}
		// A floor of 1 ms: on loopback, Date.now()'s steps would otherwise read as large rises.
		return this.smoothedLatency > Math.max(1, this.lowestLatency) * this.latencyTolerance;
	}

	private admit(): void {
		while (this.active < this.current && this.waiting.length > 0) {
			this.active++;
			this.waiting.shift()?.();
		}
	}
}
