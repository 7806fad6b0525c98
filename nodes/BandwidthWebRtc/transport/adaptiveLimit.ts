/**
 * How many requests may be in flight at once, shrinking when Bandwidth sheds load (429) and
 * growing back with each success (additive increase, multiplicative decrease). Without it,
 * every item told "retry after 1 s" would come back in the same instant and be shed again.
 */
export class AdaptiveLimit {
	private limit: number;

	private active = 0;

	private lastCut = 0;

	private readonly waiting: Array<() => void> = [];

	constructor(
		private readonly max: number,
		/** Several 429s from one burst count as one signal. */
		private readonly cutIntervalMs = 500,
	) {
		this.limit = max;
	}

	get current(): number {
		return Math.floor(this.limit);
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
		if (now - this.lastCut < this.cutIntervalMs) return;
		this.lastCut = now;
		this.limit = Math.max(1, this.limit / 2);
	}

	succeeded(): void {
		if (this.limit >= this.max) return;
		this.limit = Math.min(this.max, this.limit + 1 / this.limit);
		this.admit();
	}

	private admit(): void {
		while (this.active < this.current && this.waiting.length > 0) {
			this.active++;
			this.waiting.shift()?.();
		}
	}
}
