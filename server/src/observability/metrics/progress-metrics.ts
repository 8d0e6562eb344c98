import { counter, gauge, METRIC_PREFIX } from "./registry";

const events = counter(
	`${METRIC_PREFIX}progress_events_total`,
	"Progress events received from game servers, by outcome: accepted (stored), duplicate (already stored) or rejected.",
	["outcome"],
);

export function countProgressEvents(counts: { readonly accepted: number; readonly duplicate: number; readonly rejected: number }): void {
	for (const outcome of ["accepted", "duplicate", "rejected"] as const) if (counts[outcome] > 0) events.inc({ outcome }, counts[outcome]);
}

/** Reads the age in seconds of the oldest stored event not yet aggregated (0 when none is pending). */
export type PendingAgeSource = () => Promise<number>;

let pendingAgeSource: PendingAgeSource | undefined;
let onSourceError: ((error: unknown) => void) | undefined;

// Read at scrape time, so the gauge is as fresh as the scrape and costs nothing between scrapes.
gauge(`${METRIC_PREFIX}progress_aggregation_lag_seconds`, "Age of the oldest progress event stored but not yet aggregated (0 when none).", [], async function () {
	if (pendingAgeSource === undefined) return;
	try {
		this.set(await pendingAgeSource());
	} catch (error) {
		// A database that does not answer leaves the gauge out of this scrape rather than failing the whole scrape.
		this.reset();
		onSourceError?.(error);
	}
});

/** The progress module names where the lag comes from (a query across every school); the latest call wins. */
export function setAggregationLagSource(source: PendingAgeSource, onError?: (error: unknown) => void): void {
	pendingAgeSource = source;
	onSourceError = onError;
}
