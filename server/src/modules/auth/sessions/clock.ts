/** The refresh operation's sense of time, injectable so tests cover the reuse interval without sleeping. */
export interface Clock {
	now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
