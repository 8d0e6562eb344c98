import type { ContentLoader } from "../content/loader";
import { createReleaseFeed, type ReleaseFeed, type ReleaseFeedDeps } from "./release-feed";

let active: ReleaseFeed | undefined;

/** The running feed (undefined until main started it): the asset map of the deployed release. */
export function activeRelease(): ReleaseFeed | undefined {
	return active;
}

/** Seconds a new server waits for the service's first answer before it plays the release's lessons instead. */
const FIRST_ANSWER_WAIT = 30;

/**
 * Engine glue: reads the deployed release, listens for the next ones, and wires them to the content loader: an
 * announcement makes the loader ask the service now, and a server the service has never answered plays the
 * release's lessons (a new server during an outage still has lessons).
 */
export function startReleases(deps: ReleaseFeedDeps, content: ContentLoader | undefined): ReleaseFeed {
	const feed = createReleaseFeed(deps);
	active = feed;
	feed.onRelease((entry) => {
		if (content === undefined) return;
		if (content.poll() === "failed") content.useFallback({ items: entry.lessons });
	});
	task.spawn(() => {
		feed.refresh();
		feed.listen();
		if (content === undefined) return;
		const started = os.clock();
		while (content.current() === undefined && content.failures() === 0 && os.clock() - started < FIRST_ANSWER_WAIT) task.wait(1);
		const entry = feed.current();
		if (content.current() === undefined && entry !== undefined) content.useFallback({ items: entry.lessons });
	});
	return feed;
}
