import type { BrowserSession } from "@toolboxai/shared";

/**
 * Where the session lives.
 *
 * - The refresh token is in an httpOnly, SameSite=Strict cookie that the service sets and only its session routes
 *   (/v1/auth/session/...) receive: script on the page cannot read it, and every tab of this browser shares it.
 * - The access token (a JWT, at most 15 minutes) stays in this tab's memory only: each tab gets its own from the
 *   cookie on load. Tabs refreshing at once are fine: the service answers a refresh token presented again within
 *   its 30-second reuse interval with the same successor.
 * - Signing in or out in one tab is told to the others on a BroadcastChannel, so they follow at once.
 */
let accessToken: string | undefined;
let accessExpiresAt = 0;
const listeners = new Set<() => void>();

/** Why this tab's session ended, for the "you were signed out because…" message; cleared on sign-in. */
let endedReason: string | undefined;

export function currentAccessToken(): string | undefined {
	// A few seconds of margin, so a token does not expire between our check and the service's.
	return accessToken !== undefined && Date.now() < accessExpiresAt - 5_000 ? accessToken : undefined;
}

/** True while this tab holds a session (its access token may be due for a refresh). */
export function hasSession(): boolean {
	return accessToken !== undefined;
}

export function accessExpiry(): number {
	return accessExpiresAt;
}

export function sessionEndedReason(): string | undefined {
	return endedReason;
}

export function storeSession(session: BrowserSession): void {
	accessToken = session.accessToken;
	accessExpiresAt = Date.now() + session.expiresIn * 1000;
	endedReason = undefined;
	notify();
}

/** Forgets this tab's access token; `reason` (the service's, or "elsewhere") explains it on the sign-in page. */
export function clearSession(reason?: string): void {
	accessToken = undefined;
	accessExpiresAt = 0;
	// "none": this browser had no session to end, so there is nothing to explain.
	if (reason !== undefined && reason !== "none") endedReason = reason;
	notify();
}

function notify(): void {
	for (const listener of listeners) listener();
}

export function onSessionChanged(listener: () => void): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}
