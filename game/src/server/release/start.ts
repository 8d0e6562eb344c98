import { gameClock } from "shared/clock";
import type { ContentLoader } from "../content/loader";
import { createReleaseFeed, type ReleaseFeed, type ReleaseFeedDeps } from "./release-feed";

let active: ReleaseFeed | undefined;

/** The running feed (undefined until main started it): the asset map of the deployed release. */
export function activeRelease(): ReleaseFeed | undefined {
	return active;
}

/** Seconds a new server waits for the service's first answer before it plays the release's lessons instead. */
const FIRST_ANSWER_WAIT = 30;
/** The longest wait before a server reloads after an announcement (each waits a random part of it). */
export const ANNOUNCEMENT_SPREAD_SECONDS = 10;

/** What the release needs to know of the service: unreachable (play the release now) or refused (lessons are off). */
export interface ServiceState {
	readonly offline: () => boolean;
	readonly refused: () => boolean;
}

/**
 * Engine glue: reads the deployed release, listens for the next ones, and wires them to the content loader: an
 * announcement makes the loader ask the service (after the spread wait), and a server the service has not answered
 * plays the release's lessons: at once when the service is known to be unreachable, else after FIRST_ANSWER_WAIT.
 * A server the service refused (no address, no key, another protocol) plays nothing, as it records nothing.
 */
export function startReleases(deps: Omit<ReleaseFeedDeps, "spread">, content: ContentLoader | undefined, service?: ServiceState): ReleaseFeed {
	const feed = createReleaseFeed({
		...deps,
		spread: { seconds: ANNOUNCEMENT_SPREAD_SECONDS, random: () => math.random(), sleep: (seconds) => task.wait(seconds) },
	});
	active = feed;
	const mayFallBack = () => service === undefined || !service.refused();
	feed.onRelease((entry) => {
		if (content === undefined) return;
		if (content.poll() === "failed" && mayFallBack()) content.useFallback({ items: entry.lessons });
	});
	task.spawn(() => {
		feed.refresh();
		feed.listen();
		if (content === undefined) return;
		const started = gameClock();
		const waiting = () =>
			content.current() === undefined && content.failures() === 0 && service?.offline() !== true && service?.refused() !== true && gameClock() - started < FIRST_ANSWER_WAIT;
		while (waiting()) task.wait(1);
		const entry = feed.current();
		if (content.current() === undefined && entry !== undefined && mayFallBack()) content.useFallback({ items: entry.lessons });
	});
	return feed;
}
