import type { TokenResponse } from "@toolboxai/shared";

/**
 * Where the tokens live.
 *
 * - The access token (a JWT, at most 15 minutes) stays in memory only: a reload loses it and the refresh token
 *   gets a new one, so it never sits in storage where other code on the origin could read it later.
 * - The refresh token goes to sessionStorage. The API is plain JSON (the refresh token travels in the body, never
 *   in a cookie), so nothing sends it automatically and there is no CSRF to defend against; sessionStorage keeps
 *   the session across reloads of this tab and forgets it when the tab closes (shared lab computers). Script on
 *   our origin could read it, which the CSP (script-src 'self', no inline script) is there to prevent. An
 *   HttpOnly, SameSite=Strict cookie set by the service would be the next step up; it needs a cookie endpoint and
 *   CSRF handling on the service side, so it is left for later.
 * - Tabs do not share a session: a tab duplicated by the browser copies sessionStorage, and the first of the two
 *   to refresh rotates the token, so the other one is told to sign in again (the service revokes the family on
 *   reuse by design). Tabs opened from links, like the device page from Studio, start empty and ask to sign in.
 */
const REFRESH_KEY = "toolboxai.refreshToken";

let accessToken: string | undefined;
let accessExpiresAt = 0;
const listeners = new Set<() => void>();

function storage(): Storage | undefined {
	try {
		return window.sessionStorage;
	} catch {
		// Storage can be disabled (privacy settings); the session then lasts until reload.
		return undefined;
	}
}

let memoryRefreshToken: string | undefined;

export function refreshToken(): string | undefined {
	return storage()?.getItem(REFRESH_KEY) ?? memoryRefreshToken;
}

export function currentAccessToken(): string | undefined {
	// A few seconds of margin, so a token does not expire between our check and the service's.
	return accessToken !== undefined && Date.now() < accessExpiresAt - 5_000 ? accessToken : undefined;
}

export function accessExpiry(): number {
	return accessExpiresAt;
}

export function storeTokens(tokens: TokenResponse): void {
	accessToken = tokens.accessToken;
	accessExpiresAt = Date.now() + tokens.expiresIn * 1000;
	memoryRefreshToken = tokens.refreshToken;
	storage()?.setItem(REFRESH_KEY, tokens.refreshToken);
	for (const listener of listeners) listener();
}

export function clearTokens(): void {
	accessToken = undefined;
	accessExpiresAt = 0;
	memoryRefreshToken = undefined;
	storage()?.removeItem(REFRESH_KEY);
	for (const listener of listeners) listener();
}

export function onTokensChanged(listener: () => void): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}
