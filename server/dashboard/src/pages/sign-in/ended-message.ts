/**
 * "You were signed out because…": the reason the service gives when it refuses a session (details.reason), or
 * "elsewhere" when another tab signed out. Unknown reasons get the general sentence.
 */
const BECAUSE: Record<string, string> = {
	elsewhere: "you signed out in another tab.",
	logout: "this session was ended: signed out in another tab, on the sessions page, or with “sign out everywhere”.",
	admin: "a school admin ended your session or changed your access.",
	password_reset: "your password was changed, which signs you out everywhere.",
	refresh_reuse: "your sign-in was used from two places at once, so it was ended to keep your account safe.",
	expired: "your session reached its 30-day limit.",
};

export function endedMessage(reason: string | null): string | undefined {
	if (reason === null || reason === "none") return undefined;
	return `You were signed out because ${BECAUSE[reason] ?? "your session ended."} Please sign in again.`;
}
