import { type CoalesceClock, Coalescer } from "./coalescer";

/** Timers that fire only when the test moves time on. */
class ManualTimers implements CoalesceClock {
	private now = 0;
	private readonly timers = new Map<number, { at: number; callback: () => void }>();
	private next = 0;
	setTimeout(callback: () => void, ms: number): unknown {
		this.next += 1;
		this.timers.set(this.next, { at: this.now + ms, callback });
		return this.next;
	}
	clearTimeout(handle: unknown): void {
		this.timers.delete(handle as number);
	}
	advance(ms: number): void {
		this.now += ms;
		for (const [id, timer] of [...this.timers]) {
			if (timer.at > this.now) continue;
			this.timers.delete(id);
			timer.callback();
		}
	}
}

test("changes for one key within the window leave as one merged flush; each key has its own window", () => {
	const clock = new ManualTimers();
	const flushed: Array<[string, number]> = [];
	const coalescer = new Coalescer<number>({ windowMs: 2000, clock, merge: (a, b) => a + b, flush: (key, value) => flushed.push([key, value]) });
	coalescer.add("class-1", 1);
	clock.advance(500);
	coalescer.add("class-1", 1);
	coalescer.add("class-2", 5);
	clock.advance(1499);
	expect(flushed).toEqual([]);
	coalescer.add("class-1", 1);
	clock.advance(1);
	expect(flushed).toEqual([["class-1", 3]]);
	clock.advance(500);
	expect(flushed).toEqual([
		["class-1", 3],
		["class-2", 5],
	]);
	// A change after a flush opens a new window.
	coalescer.add("class-1", 7);
	clock.advance(1999);
	expect(flushed).toHaveLength(2);
	clock.advance(1);
	expect(flushed[2]).toEqual(["class-1", 7]);
});

test("flushAll sends what is pending at once (shutdown)", () => {
	const clock = new ManualTimers();
	const flushed: string[] = [];
	const coalescer = new Coalescer<string>({ windowMs: 2000, clock, merge: (a, b) => `${a}+${b}`, flush: (_key, value) => flushed.push(value) });
	coalescer.add("k", "a");
	coalescer.add("k", "b");
	coalescer.flushAll();
	expect(flushed).toEqual(["a+b"]);
	clock.advance(5000);
	expect(flushed).toEqual(["a+b"]);
});
