/**
 * What the progress sender does with a batch the service answers with a 5xx. Two causes look alike from one reply:
 * - an outage (database down, a deploy): every batch fails. Wait it out with backoff and never split: 5,000 waiting
 *   events cut into single-event batches would take hours to send once the service is back.
 * - one event the service cannot store: only the batches holding it fail, while the service takes the others.
 * So the sender looks at the request sent just before (`healthy`: the service took it). Without that proof a batch
 * that failed `stepAsideAfter` times lets one other batch go first, and that batch's answer tells the two apart (a
 * batch with nothing else waiting is halved once instead, so its halves can tell). One batch at a time steps aside:
 * a second one failing without proof is an outage, and memory holds at most the queue, one batch and its halves. With the proof, a batch of several
 * events is halved at once (the halves go next), and an event failing alone earns a strike; after
 * `quarantineAfter` strikes it is set aside (quarantined) so it stops holding up everything behind it. In an outage
 * nothing is ever healthy, so nothing is halved twice and nothing is set aside.
 * Plain rules, no state: the sender keeps the counts.
 */
export interface IsolationOptions {
	/** 5xx answers to one batch, with no proof the service works, before another batch goes first. */
	readonly stepAsideAfter: number;
	/** 5xx answers to an event sent alone right after the service took another batch, before it is set aside. */
	readonly quarantineAfter: number;
}

export const DEFAULT_ISOLATION: IsolationOptions = { stepAsideAfter: 3, quarantineAfter: 3 };

export interface ServerErrorFacts {
	/** Events in the failed batch. */
	readonly size: number;
	/** 5xx answers this batch has had, this one included. */
	readonly serverErrors: number;
	/** Strikes of the batch's event (size 1), this answer included when `healthy`. */
	readonly strikes: number;
	/** The service took the request sent just before this one. */
	readonly healthy: boolean;
	/** Other batches or events are waiting to be sent. */
	readonly otherWork: boolean;
	/** No other batch has stepped aside (one at a time: a second failing batch without proof means an outage). */
	readonly asideFree: boolean;
}

/** retry: send the batch again after the backoff; step_aside: let other work go first; split: send it as two halves. */
export type ServerErrorStep = "retry" | "step_aside" | "split" | "quarantine";

export function afterServerError(facts: ServerErrorFacts, options: IsolationOptions): ServerErrorStep {
	if (facts.healthy) {
		if (facts.size > 1) return "split";
		if (facts.strikes >= options.quarantineAfter) return "quarantine";
		return facts.otherWork && facts.asideFree ? "step_aside" : "retry";
	}
	if (facts.serverErrors < options.stepAsideAfter || !facts.asideFree) return "retry";
	if (facts.otherWork) return "step_aside";
	return facts.size > 1 ? "split" : "retry";
}

/** A 5xx the service (or a proxy in front of it) answered: the request arrived and something failed handling it. */
export function isServerError(status: number | undefined): boolean {
	return status !== undefined && status >= 500 && status <= 599;
}
