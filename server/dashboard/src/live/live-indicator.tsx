import { useLiveStatus } from "./live-provider";
import type { LiveStatus } from "./live-types";

const WORDS: Record<LiveStatus, string> = { connecting: "Connecting…", connected: "Live", reconnecting: "Reconnecting…", offline: "Offline" };
const TITLES: Record<LiveStatus, string> = {
	connecting: "Connecting to live updates.",
	connected: "Pages update as things happen.",
	reconnecting: "Live updates dropped; reconnecting. Pages catch up once back.",
	offline: "Cannot reach live updates; pages refresh every few seconds instead.",
};

/** Connected / reconnecting / offline, from the live connection's state; announced politely to screen readers. */
export function LiveIndicator() {
	const status = useLiveStatus();
	if (status === undefined) return null;
	return (
		<span className={`live-status live-${status}`} data-testid="live-status" data-state={status} title={TITLES[status]} role="status" aria-live="polite">
			{WORDS[status]}
		</span>
	);
}
