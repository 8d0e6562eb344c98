/** Time as the coalescer sees it: the real timers in the service, a hand-moved clock in tests. */
export interface CoalesceClock {
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

export const realTimers: CoalesceClock = {
	setTimeout: (callback, ms) => {
		const timer = setTimeout(callback, ms);
		timer.unref();
		return timer;
	},
	clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface CoalescerOptions<T> {
	/** The first change for a key opens a window of this length; everything added in it leaves as one flush. */
	readonly windowMs: number;
	readonly merge: (earlier: T, later: T) => T;
	readonly flush: (key: string, value: T) => void;
	readonly clock?: CoalesceClock;
}

/**
 * Folds bursts of changes per key into one message per window: a class whose thirty students answer within two
 * seconds makes one event, not thirty. Per process: with several instances each sends at most one per window.
 */
export class Coalescer<T> {
	private readonly pending = new Map<string, { value: T; timer: unknown }>();
	private readonly clock: CoalesceClock;

	constructor(private readonly options: CoalescerOptions<T>) {
		this.clock = options.clock ?? realTimers;
	}

	add(key: string, value: T): void {
		const open = this.pending.get(key);
		if (open !== undefined) {
			open.value = this.options.merge(open.value, value);
			return;
		}
		const timer = this.clock.setTimeout(() => this.flushKey(key), this.options.windowMs);
		this.pending.set(key, { value, timer });
	}

	/** Sends what is pending now (shutdown). */
	flushAll(): void {
		for (const key of [...this.pending.keys()]) {
			const open = this.pending.get(key);
			if (open !== undefined) this.clock.clearTimeout(open.timer);
			this.flushKey(key);
		}
	}

	private flushKey(key: string): void {
		const open = this.pending.get(key);
		if (open === undefined) return;
		this.pending.delete(key);
		this.options.flush(key, open.value);
	}
}
