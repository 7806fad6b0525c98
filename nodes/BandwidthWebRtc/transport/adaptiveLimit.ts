export interface AdaptiveLimitOptions {
	/** The most it may grow to; the start by default. */
	max?: number;
	/**
	 * A number the user fixed: after a cut it grows back to its start, however often Bandwidth
	 * pushes back. By default, a limit whose max is its start (the user's Concurrency saved alone).
	 */
	fixed?: boolean;
}

/** No growth for this long after a cut. */
export const HOLD_AFTER_CUT_MS = 1_000;

/**
 * How many requests may be in flight at once.
 *
 * It starts at `start` and, while answers come back clean, grows up to `max`: first by one per
 * answer (slow start: it doubles every round trip), then, once Bandwidth has pushed back, by one
 * per round trip. Bandwidth pushes back with a 429 (with or without Retry-After), a 503, or by
 * staying silent past the timeout: on any of these it halves, holds for a second while the items
 * told to retry come back, and will not grow back to the level at which it was pushed back (an
 * item has only a few attempts, so the limit must not keep probing into 429s). The answers to
 * requests sent before a cut count as the same signal: they were sent at the old level.
 *
 * Latency is not a signal. n8n opens a new TCP and TLS connection for every request, so on a
 * busy machine the client's own handshakes make every answer slower as more are in flight, while
 * Bandwidth is far from full; a node cannot tell that rise from Bandwidth's own (measured with
 * `npm run bench`: a limit that stopped at a rise of 1.5× stayed near its start and lost to the
 * HTTP Request node). Bandwidth says when it is full, and Max Concurrency bounds the rest.
 *
 * A fixed limit (the user's own number) halves on a signal and grows back to its start, as it
 * always did. Any other may be pushed below its start: with a high start, a ceiling held at the
 * start would keep probing a smaller quota until items ran out of attempts.
 */
export class AdaptiveLimit {
	private limit: number;

	/** The most it may grow to: Max Concurrency, lowered below each level at which Bandwidth pushed back. */
	private max: number;

	/** Doubling each round trip, until the first back-off signal. */
	private slowStart = true;

	private active = 0;

	/** When the last cut happened; -Infinity before the first. */
	private lastCut = Number.NEGATIVE_INFINITY;

	private readonly waiting: Array<() => void> = [];

	private readonly start: number;

	private readonly fixed: boolean;

	constructor(start: number, options: AdaptiveLimitOptions = {}) {
		this.limit = Math.max(1, start);
		this.start = this.limit;
		this.max = Math.max(this.limit, options.max ?? start);
		this.fixed = options.fixed ?? this.max === this.start;
	}

	get current(): number {
		return Math.floor(this.limit);
	}

	/** The most it may grow to now (Max Concurrency until Bandwidth pushes back). */
	get ceiling(): number {
		return this.max;
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

	/**
	 * Bandwidth pushed back (429, 503, a timeout) on a request sent at `sentAt`. Answers to requests
	 * sent before the last cut were sent at the old level: that cut already answered them.
	 */
	throttled(sentAt = Date.now(), now = Date.now()): void {
		this.slowStart = false;
		if (sentAt < this.lastCut) return;
		this.lastCut = now;
		const floor = this.fixed ? this.start : 1;
		this.max = Math.max(floor, Math.min(this.max, Math.ceil(this.limit) - 1));
		this.limit = Math.max(1, this.limit / 2);
	}

	/** A clean answer (any status but a back-off signal). */
	succeeded(now = Date.now()): void {
		if (this.limit >= this.max) return;
		// After a cut, hold while the items told to retry come back (Retry-After is often a second).
		if (now - this.lastCut < HOLD_AFTER_CUT_MS) return;
		this.limit = Math.min(this.max, this.limit + (this.slowStart ? 1 : 1 / this.limit));
		this.admit();
	}

	private admit(): void {
		while (this.active < this.current && this.waiting.length > 0) {
			this.active++;
			this.waiting.shift()?.();
		}
	}
}
