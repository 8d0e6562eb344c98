import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { LoginRequest, Me } from "@toolboxai/shared";
import { refreshSession } from "./api/client";
import { fetchMe, signIn as apiSignIn, signOut as apiSignOut } from "./api/identity";
import { accessExpiry, onTokensChanged, refreshToken } from "./api/session";

export type AuthState = { readonly status: "loading" } | { readonly status: "signed-out" } | { readonly status: "signed-in"; readonly me: Me };

interface AuthContextValue {
	readonly state: AuthState;
	signIn(request: LoginRequest): Promise<void>;
	signOut(): Promise<void>;
	/** After something else stored new tokens (accepting an invitation): learn who we are now. */
	reload(): Promise<void>;
}

const AuthContext = createContext<AuthContextValue | undefined>(undefined);

/** Refresh this long before the access token expires, so a request never meets an expired one. */
const REFRESH_MARGIN_MS = 60_000;

export function AuthProvider({ children }: { children: ReactNode }) {
	const [state, setState] = useState<AuthState>(() => (refreshToken() === undefined ? { status: "signed-out" } : { status: "loading" }));

	// After a reload only the refresh token is left: exchange it for an access token and learn who we are.
	useEffect(() => {
		if (state.status !== "loading") return;
		let live = true;
		fetchMe()
			.then((me) => live && setState({ status: "signed-in", me }))
			.catch(() => live && setState({ status: "signed-out" }));
		return () => {
			live = false;
		};
	}, [state.status]);

	// Silent refresh: a timer per access token; a refusal (session revoked elsewhere) signs the page out.
	useEffect(() => {
		let timer: ReturnType<typeof setTimeout> | undefined;
		const schedule = () => {
			if (timer !== undefined) clearTimeout(timer);
			timer = undefined;
			if (refreshToken() === undefined) {
				setState((current) => (current.status === "signed-in" ? { status: "signed-out" } : current));
				return;
			}
			const expiry = accessExpiry();
			if (expiry === 0) return;
			timer = setTimeout(() => void refreshSession().catch(() => undefined), Math.max(1_000, expiry - Date.now() - REFRESH_MARGIN_MS));
		};
		const stop = onTokensChanged(schedule);
		schedule();
		return () => {
			stop();
			if (timer !== undefined) clearTimeout(timer);
		};
	}, []);

	const signIn = useCallback(async (request: LoginRequest) => {
		await apiSignIn(request);
		setState({ status: "signed-in", me: await fetchMe() });
	}, []);

	const signOut = useCallback(async () => {
		try {
			await apiSignOut();
		} finally {
			setState({ status: "signed-out" });
		}
	}, []);

	const reload = useCallback(async () => {
		setState({ status: "signed-in", me: await fetchMe() });
	}, []);

	const value = useMemo(() => ({ state, signIn, signOut, reload }), [state, signIn, signOut, reload]);
	return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
	const value = useContext(AuthContext);
	if (value === undefined) throw new Error("useAuth outside AuthProvider");
	return value;
}
