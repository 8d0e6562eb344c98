import type { DeviceCodeResponse, Schema, TokenResponse } from "@toolboxai/shared";
import { type AuthHttp, type CallFailure, callService, type CallResult } from "./auth-http";
import { logout, pollDeviceToken, refreshSession, requestDeviceCode } from "./device-api";
import { clearSession, loadSession, type PluginSettings, saveSession, type StoredSession } from "./token-store";
import { insecureWarning, sendsTokensInTheClear } from "./transport";

/**
 * Studio sign-in with the OAuth 2.0 device authorization grant (RFC 8628), as a small state machine:
 *
 *   signed_out --start--> requesting_code --code--> awaiting_approval --tokens--> signed_in
 *                                       \                          \--denied/expired/failure--> error
 *                                        \--failure--> error
 *   error | signed_out --start--> requesting_code;  any --cancel/signOut--> signed_out
 *   signed_in --refresh refused (session revoked or expired)--> signed_out (with the reason in plain words)
 *   signed_in <--sync--> signed_out: another Studio window (they share the plugin settings) signed in or out
 *   signed_out --start(plain http to another computer)--> error "insecure"; start again for that address goes ahead
 *
 * Polls at the interval the service gives and honours slow_down (+5 s, or the interval it names), expired_token
 * and access_denied. Tokens live in the plugin settings; `call` refreshes them before they expire and once after
 * a 401. An attempt that was cancelled (or replaced) while a request was out drops its results.
 */
export type SignInFailure = "denied" | "expired" | "unreachable" | "bad_reply" | "service_error" | "insecure";

export type SignInState =
	| { readonly status: "signed_out"; readonly message?: string }
	| { readonly status: "requesting_code"; readonly serverUrl: string }
	| {
			readonly status: "awaiting_approval";
			readonly serverUrl: string;
			readonly userCode: string;
			readonly verificationUri: string;
			readonly verificationUriComplete: string;
			/** `now()` seconds at which the code expires. */
			readonly expiresAt: number;
			readonly interval: number;
	  }
	| { readonly status: "signed_in"; readonly serverUrl: string }
	| { readonly status: "error"; readonly serverUrl: string; readonly reason: SignInFailure; readonly message: string };

export interface SignInDeps {
	readonly http: AuthHttp;
	readonly settings: PluginSettings;
	/** Yields for that many seconds between polls (task.wait by default); specs record or shorten it. */
	readonly wait?: (seconds: number) => void;
	/** Wall-clock seconds (os.time by default): token expiry must survive Studio restarts. */
	readonly now?: () => number;
	/** Shown to the approving teacher (e.g. "Studio on LAB-PC-07"). */
	readonly deviceName?: string;
}

/** Refresh this long before the access token expires, so a request never leaves with one about to lapse. */
export const REFRESH_MARGIN_SECONDS = 60;
/** RFC 8628 §3.5: on slow_down, the interval grows by 5 s. */
export const SLOW_DOWN_STEP_SECONDS = 5;
/**
 * A refresh that fails for a reason a retry can change (429, 5xx, no answer) is tried again after these waits.
 * They add up to well inside the service's 30-second reuse interval, so a retry after a lost reply (the service
 * rotated, the answer never arrived) still gets the same new tokens instead of ending the session.
 */
export const REFRESH_RETRY_WAITS = [1, 2, 4];
/** Longest wait a 429's Retry-After may ask for before the retry (still inside the reuse interval). */
const MAX_RETRY_WAIT_SECONDS = 10;

/** Why the service ended the session (the refusal's details.reason), in plain words. */
const ENDED_MESSAGES: Record<string, string> = {
	logout: "This Studio sign-in was signed out (on the dashboard or in another Studio window). Sign in again.",
	admin: "A school admin ended this Studio sign-in, or your access to the school changed. Sign in again.",
	password_reset: "Your password was changed, which signed you out everywhere. Sign in again.",
	refresh_reuse: "Your ToolBoxAI sign-in was ended because its token was used from two places. Sign in again.",
	expired: "Your ToolBoxAI sign-in expired after 14 days without use. Sign in again.",
};
const ENDED_DEFAULT = "Your ToolBoxAI sign-in has ended. Sign in again.";
export const SIGNED_OUT_ELSEWHERE = "Signed out in another Studio window.";

export type StateListener = (state: SignInState) => void;

export const SIGNED_OUT: SignInState = { status: "signed_out" };

/** Plain words for the dock widget. */
export function describeSignIn(state: SignInState): string {
	switch (state.status) {
		case "signed_out":
			return state.message ?? "Not signed in.";
		case "requesting_code":
			return `Asking ${state.serverUrl} for a sign-in code...`;
		case "awaiting_approval":
			return `Go to ${state.verificationUri} and enter the code ${state.userCode}. This window signs in once a teacher approves it.`;
		case "signed_in":
			return `Signed in to ${state.serverUrl}.`;
		case "error":
			return state.message;
	}
}

function failureOf(serverUrl: string, failure: CallFailure): SignInState {
	const reason: SignInFailure = failure.kind;
	return { status: "error", serverUrl, reason, message: failure.message };
}

export class SignIn {
	private state: SignInState;
	private attempts = 0;
	private refreshing = false;
	/** The plain-http address the teacher chose to use anyway after the warning. */
	private insecureAccepted: string | undefined;
	private readonly listeners = new Array<StateListener>();
	private readonly wait: (seconds: number) => void;
	private readonly now: () => number;

	constructor(private readonly deps: SignInDeps) {
		this.wait = deps.wait ?? ((seconds) => task.wait(seconds));
		this.now = deps.now ?? (() => os.time());
		const stored = loadSession(deps.settings);
		this.state = stored === undefined ? SIGNED_OUT : { status: "signed_in", serverUrl: stored.serverUrl };
	}

	getState(): SignInState {
		return this.state;
	}

	/** Calls `listener` on every state change; returns the function that stops it. */
	onChange(listener: StateListener): () => void {
		this.listeners.push(listener);
		return () => {
			const index = this.listeners.indexOf(listener);
			if (index >= 0) this.listeners.remove(index);
		};
	}

	/**
	 * Runs a whole sign-in (yields: requests and waits between polls) and returns the state it ends in. While one
	 * is running, a second call changes nothing.
	 */
	start(serverUrl: string): SignInState {
		if (this.state.status === "requesting_code" || this.state.status === "awaiting_approval") return this.state;
		// Warn once before a token would travel unencrypted; pressing Sign in again for the same address goes ahead.
		if (sendsTokensInTheClear(serverUrl) && this.insecureAccepted !== serverUrl) {
			this.insecureAccepted = serverUrl;
			return this.setState({ status: "error", serverUrl, reason: "insecure", message: insecureWarning(serverUrl) });
		}
		this.attempts += 1;
		const attempt = this.attempts;
		this.setState({ status: "requesting_code", serverUrl });

		const code = requestDeviceCode(this.deps.http, serverUrl, this.deps.deviceName);
		if (attempt !== this.attempts) return this.state;
		if (!code.ok) return this.setState(failureOf(serverUrl, code));
		return this.awaitApproval(serverUrl, code.value, attempt);
	}

	/** Stops a sign-in that is waiting (its next poll is not sent, a reply in flight is dropped). */
	cancel(): void {
		if (this.state.status !== "requesting_code" && this.state.status !== "awaiting_approval") return;
		this.attempts += 1;
		this.setState(SIGNED_OUT);
	}

	private awaitApproval(serverUrl: string, code: DeviceCodeResponse, attempt: number): SignInState {
		const expiresAt = this.now() + code.expiresIn;
		let interval = code.interval;
		const waiting = (): SignInState => ({
			status: "awaiting_approval",
			serverUrl,
			userCode: code.userCode,
			verificationUri: code.verificationUri,
			verificationUriComplete: code.verificationUriComplete,
			expiresAt,
			interval,
		});
		this.setState(waiting());
		for (;;) {
			this.wait(interval);
			if (attempt !== this.attempts) return this.state;
			if (this.now() >= expiresAt) return this.setState(expired(serverUrl));
			const result = pollDeviceToken(this.deps.http, serverUrl, code.deviceCode);
			if (attempt !== this.attempts) return this.state;
			if (result.ok) {
				this.store(serverUrl, result.value);
				return this.setState({ status: "signed_in", serverUrl });
			}
			if (result.kind !== "service_error") return this.setState(failureOf(serverUrl, result));
			switch (result.code) {
				case "authorization_pending":
					break;
				case "slow_down": {
					const named = typeIs(result.details, "table") ? (result.details as { interval?: unknown }).interval : undefined;
					interval = typeIs(named, "number") && named > interval ? named : interval + SLOW_DOWN_STEP_SECONDS;
					this.setState(waiting());
					break;
				}
				case "expired_token":
					return this.setState(expired(serverUrl));
				case "access_denied":
					return this.setState({
						status: "error",
						serverUrl,
						reason: "denied",
						message: "A teacher denied this sign-in. Press Sign in to try again.",
					});
				default:
					return this.setState(failureOf(serverUrl, result));
			}
		}
	}

	/** The stored session, if signed in (to any server). */
	session(): StoredSession | undefined {
		return loadSession(this.deps.settings);
	}

	/**
	 * A current access token: refreshed first when it expires within REFRESH_MARGIN_SECONDS. undefined when not
	 * signed in, or when the service refused the refresh (the session has ended).
	 */
	accessToken(): string | undefined {
		const session = loadSession(this.deps.settings);
		if (session === undefined) return undefined;
		if (session.accessExpiresAt - this.now() > REFRESH_MARGIN_SECONDS) return session.accessToken;
		// A refused refresh clears the session (undefined below); offline for a moment keeps the old token, which
		// may still have some seconds left (and a 401 tries the refresh again).
		this.refresh();
		return loadSession(this.deps.settings)?.accessToken;
	}

	/**
	 * Trades the refresh token for new tokens and stores both. Only the service's refusal of the token (401: revoked,
	 * expired, reused) ends the session, with its reason in plain words; 429, 5xx and no answer are retried with the
	 * same token after REFRESH_RETRY_WAITS (the service's reuse interval answers a repeat with the same new pair).
	 * Another Studio window sharing these settings may refresh meanwhile: its tokens are then taken as they are.
	 */
	refresh(): CallResult<TokenResponse> {
		while (this.refreshing) task.wait(0.02);
		const session = loadSession(this.deps.settings);
		if (session === undefined) return { ok: false, kind: "service_error", status: 401, code: "unauthenticated", message: "Not signed in." };
		this.refreshing = true;
		const [ran, outcome] = pcall(() => this.refreshWithRetries(session));
		this.refreshing = false;
		if (!ran) return { ok: false, kind: "unreachable", message: tostring(outcome) };
		return outcome;
	}

	private refreshWithRetries(session: StoredSession): CallResult<TokenResponse> {
		for (let attempt = 0; ; attempt++) {
			const result = refreshSession(this.deps.http, session.serverUrl, session.refreshToken);
			if (result.ok) {
				this.store(session.serverUrl, result.value);
				return result;
			}
			const newer = this.newerSession(session);
			if (newer !== undefined) return newer;
			if (result.kind === "service_error" && result.status === 401) {
				this.endSession(result.details);
				return result;
			}
			const retryable = result.kind !== "service_error" || result.status === 429 || result.status >= 500;
			if (!retryable || attempt >= REFRESH_RETRY_WAITS.size()) return result;
			this.wait(retryWait(result, REFRESH_RETRY_WAITS[attempt]));
			const refreshedMeanwhile = this.newerSession(session);
			if (refreshedMeanwhile !== undefined) return refreshedMeanwhile;
		}
	}

	/** Tokens another window stored after `session` was read, as a refresh result; undefined when there are none. */
	private newerSession(session: StoredSession): CallResult<TokenResponse> | undefined {
		const current = loadSession(this.deps.settings);
		if (current === undefined || current.serverUrl !== session.serverUrl || current.refreshToken === session.refreshToken) return undefined;
		const value: TokenResponse = {
			accessToken: current.accessToken,
			refreshToken: current.refreshToken,
			expiresIn: math.max(1, current.accessExpiresAt - this.now()),
			tokenType: "Bearer",
		};
		return { ok: true, value };
	}

	private endSession(details: unknown): void {
		clearSession(this.deps.settings);
		const reason = typeIs(details, "table") ? (details as { reason?: unknown }).reason : undefined;
		const message = typeIs(reason, "string") ? (ENDED_MESSAGES[reason] ?? ENDED_DEFAULT) : ENDED_DEFAULT;
		this.setState({ status: "signed_out", message });
	}

	/**
	 * Brings this window's state in line with the plugin settings that every Studio window shares: a sign-in or
	 * sign-out in another window shows here too. A sign-in in progress here is left alone.
	 */
	sync(): SignInState {
		const stored = loadSession(this.deps.settings);
		if (this.state.status === "signed_in" && stored === undefined) return this.setState({ status: "signed_out", message: SIGNED_OUT_ELSEWHERE });
		if (stored !== undefined && (this.state.status === "signed_out" || this.state.status === "error")) {
			return this.setState({ status: "signed_in", serverUrl: stored.serverUrl });
		}
		if (stored !== undefined && this.state.status === "signed_in" && this.state.serverUrl !== stored.serverUrl) {
			return this.setState({ status: "signed_in", serverUrl: stored.serverUrl });
		}
		return this.state;
	}

	/**
	 * A call to the service as the signed-in teacher: Bearer token (refreshed when due), and after a 401 one
	 * refresh and one retry.
	 */
	call<T>(request: { readonly path: string; readonly method: "GET" | "POST"; readonly body?: object; readonly schema?: Schema<T> }): CallResult<T> {
		const token = this.accessToken();
		const session = loadSession(this.deps.settings);
		if (token === undefined || session === undefined) {
			return { ok: false, kind: "service_error", status: 401, code: "unauthenticated", message: "Sign in to ToolBoxAI first." };
		}
		const send = (accessToken: string) =>
			callService(this.deps.http, { url: `${session.serverUrl}${request.path}`, method: request.method, body: request.body, schema: request.schema, accessToken });
		const first = send(token);
		if (first.ok || first.kind !== "service_error" || first.status !== 401) return first;
		const refreshed = this.refresh();
		if (!refreshed.ok) return first;
		return send(refreshed.value.accessToken);
	}

	/** Revokes the session on the service (best effort: being offline must not keep anyone signed in) and forgets it. */
	signOut(): void {
		this.attempts += 1;
		const session = loadSession(this.deps.settings);
		clearSession(this.deps.settings);
		if (session !== undefined) pcall(() => logout(this.deps.http, session.serverUrl, session.accessToken, session.refreshToken));
		this.setState(SIGNED_OUT);
	}

	private store(serverUrl: string, tokens: TokenResponse): void {
		saveSession(this.deps.settings, {
			serverUrl,
			accessToken: tokens.accessToken,
			refreshToken: tokens.refreshToken,
			accessExpiresAt: this.now() + tokens.expiresIn,
		});
	}

	private setState(state: SignInState): SignInState {
		if (state !== this.state) {
			this.state = state;
			for (const listener of [...this.listeners]) task.spawn(listener, state);
		}
		return this.state;
	}
}

/** The wait before a refresh retry: a 429's Retry-After (details.retryAfterSeconds) when it names one, within bounds. */
function retryWait(failure: CallFailure, fallback: number): number {
	if (failure.kind !== "service_error" || !typeIs(failure.details, "table")) return fallback;
	const named = (failure.details as { retryAfterSeconds?: unknown }).retryAfterSeconds;
	return typeIs(named, "number") && named > 0 ? math.min(named, MAX_RETRY_WAIT_SECONDS) : fallback;
}

function expired(serverUrl: string): SignInState {
	return {
		status: "error",
		serverUrl,
		reason: "expired",
		message: "The sign-in code expired before a teacher approved it. Press Sign in for a new code.",
	};
}
