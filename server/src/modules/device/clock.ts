/** The device flow's sense of time, injectable so tests cover polling pace and expiry without sleeping. */
export interface Clock {
	now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
