import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { LoginRequest, Me } from "@toolboxai/shared";
import { refreshSession } from "./api/client";
import { ApiError } from "./api/errors";
import { fetchMe, signIn as apiSignIn, signOut as apiSignOut } from "./api/identity";
import { accessExpiry, clearSession, hasSession, onSessionChanged, sessionEndedReason } from "./api/session";
import { onOtherTabs, tellOtherTabs } from "./api/tabs";

export type AuthState =
	| { readonly status: "loading" }
	/** `reason`: why a session this tab had ended (the service's word, or "elsewhere"), for the sign-in page. */
	| { readonly status: "signed-out"; readonly reason?: string }
	| { readonly status: "signed-in"; readonly me: Me }
	/** The service could not be reached while loading: the session is kept and loading is tried again. */
	| { readonly status: "unreachable" };

interface AuthContextValue {
	readonly state: AuthState;
	signIn(request: LoginRequest): Promise<void>;
	signOut(): Promise<void>;
	/** After something else started a session (accepting an invitation, finishing a sign-up): learn who we are now. */
	reload(): Promise<void>;
}

const AuthContext = createContext<AuthContextValue | undefined>(undefined);

/** Refresh this long before the access token expires, so a request never meets an expired one. */
const REFRESH_MARGIN_MS = 60_000;
/** While the service cannot be reached at load, try again this often. */
const RETRY_LOAD_MS = 5_000;

function signedOut(): AuthState {
	const reason = sessionEndedReason();
	return reason === undefined ? { status: "signed-out" } : { status: "signed-out", reason };
}

/** Who is signed in, from the refresh cookie every tab shares; a network failure is not a sign-out. */
async function load(): Promise<AuthState> {
	try {
		const token = await refreshSession();
		if (token === undefined) return signedOut();
		return { status: "signed-in", me: await fetchMe() };
	} catch (error) {
		if (error instanceof ApiError && (error.status === 0 || error.status >= 500)) return { status: "unreachable" };
		return signedOut();
	}
}

export function AuthProvider({ children }: { children: ReactNode }) {
	const [state, setState] = useState<AuthState>({ status: "loading" });

	// On load, in any tab: the cookie's session, if there is one. Unreachable: try again shortly.
	useEffect(() => {
		if (state.status !== "loading" && state.status !== "unreachable") return;
		let live = true;
		const timer = setTimeout(
			() => {
				void load().then((next) => live && setState(next));
			},
			state.status === "unreachable" ? RETRY_LOAD_MS : 0,
		);
		return () => {
			live = false;
			clearTimeout(timer);
		};
	}, [state.status]);

	// Silent refresh: a timer per access token; a refusal (session ended elsewhere) signs the page out, saying why.
	useEffect(() => {
		let timer: ReturnType<typeof setTimeout> | undefined;
		const schedule = () => {
			if (timer !== undefined) clearTimeout(timer);
			timer = undefined;
			if (!hasSession()) {
				setState((current) => (current.status === "signed-in" ? signedOut() : current));
				return;
			}
			const expiry = accessExpiry();
			if (expiry === 0) return;
			timer = setTimeout(() => void refreshSession().catch(() => undefined), Math.max(1_000, expiry - Date.now() - REFRESH_MARGIN_MS));
		};
		const stop = onSessionChanged(schedule);
		schedule();
		return () => {
			stop();
			if (timer !== undefined) clearTimeout(timer);
		};
	}, []);

	// Another tab signed out: so does this one. Another tab signed in: this one picks the session up from the cookie.
	useEffect(
		() =>
			onOtherTabs((message) => {
				if (message.kind === "signed-out") clearSession("elsewhere");
				else setState((current) => (current.status === "signed-in" ? current : { status: "loading" }));
			}),
		[],
	);

	const signIn = useCallback(async (request: LoginRequest) => {
		await apiSignIn(request);
		setState({ status: "signed-in", me: await fetchMe() });
		tellOtherTabs({ kind: "signed-in" });
	}, []);

	const signOut = useCallback(async () => {
		try {
			await apiSignOut();
		} finally {
			setState({ status: "signed-out" });
			tellOtherTabs({ kind: "signed-out" });
		}
	}, []);

	const reload = useCallback(async () => {
		setState({ status: "signed-in", me: await fetchMe() });
		tellOtherTabs({ kind: "signed-in" });
	}, []);

	const value = useMemo(() => ({ state, signIn, signOut, reload }), [state, signIn, signOut, reload]);
	return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
	const value = useContext(AuthContext);
	if (value === undefined) throw new Error("useAuth outside AuthProvider");
	return value;
}
