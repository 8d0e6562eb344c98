import { useState, type FormEvent } from "react";
import type { TenantSummary } from "@toolboxai/shared";
import { ApiError, describeError } from "../api/errors";
import { useAuth } from "../auth";
import { Alert, Notice, Page } from "../components/page";
import { formatWait } from "../format";
import { Link, navigate, safeNext, useLocation } from "../router";

/** A person in several schools gets 409 with the schools to choose from (details.tenants, or memberships[].tenant). */
function tenantsFrom(details: unknown): TenantSummary[] {
	if (typeof details !== "object" || details === null) return [];
	const record = details as { tenants?: unknown; memberships?: unknown };
	const raw = Array.isArray(record.tenants)
		? record.tenants
		: Array.isArray(record.memberships)
			? record.memberships.map((m) => (m as { tenant?: unknown }).tenant)
			: [];
	return raw.filter((t): t is TenantSummary => typeof t === "object" && t !== null && typeof (t as TenantSummary).id === "string" && typeof (t as TenantSummary).name === "string");
}

function messageFor(error: unknown): string {
	if (error instanceof ApiError) {
		if (error.status === 401 || error.code === "unauthenticated") return "Wrong email or password.";
		if (error.status === 429 || error.code === "rate_limited") {
			return error.retryAfter === undefined
				? "Too many sign-in attempts. Please wait a while before trying again."
				: `Too many sign-in attempts. Try again in ${formatWait(error.retryAfter)}.`;
		}
		if (error.code === "validation_failed") return "Please enter a valid email address and your password.";
	}
	return describeError(error);
}

export function SignInPage() {
	const { signIn } = useAuth();
	const location = useLocation();
	const next = safeNext(location.search.get("next"));
	const [email, setEmail] = useState("");
	const [password, setPassword] = useState("");
	const [tenants, setTenants] = useState<TenantSummary[]>([]);
	const [tenantId, setTenantId] = useState<string>("");
	const [error, setError] = useState<string | undefined>();
	/** The school choice is a question, not a failure: announced the same way, shown calmer. */
	const [errorTone, setErrorTone] = useState<"error" | "info">("error");
	const [busy, setBusy] = useState(false);
	const signedOut = location.search.get("signedOut") === "1";
	const expired = location.search.get("expired") === "1";
	const reset = location.search.get("reset") === "1";

	const submit = async (event: FormEvent) => {
		event.preventDefault();
		setError(undefined);
		setErrorTone("error");
		if (tenants.length > 0 && tenantId === "") {
			setError("Choose the school to sign in to.");
			return;
		}
		setBusy(true);
		try {
			await signIn({ email: email.trim(), password, ...(tenantId === "" ? {} : { tenantId }) });
			navigate(next, { replace: true });
		} catch (caught) {
			const choices = caught instanceof ApiError && caught.status === 409 ? tenantsFrom(caught.details) : [];
			if (choices.length > 0) {
				setTenants(choices);
				setErrorTone("info");
				setError("You belong to several schools. Choose one to continue.");
			} else {
				setError(messageFor(caught));
				if (caught instanceof ApiError && caught.status === 401) setPassword("");
			}
		} finally {
			setBusy(false);
		}
	};

	return (
		<Page title="Sign in">
			{signedOut && <Notice>You are signed out.</Notice>}
			{expired && <Notice>Your session has ended. Please sign in again.</Notice>}
			{reset && <Notice>Your password is changed. Sign in with the new one.</Notice>}
			{next.startsWith("/device") && <p className="lead">Sign in to approve the Roblox Studio sign-in request.</p>}
			<form className="form" onSubmit={submit} noValidate aria-describedby={error === undefined ? undefined : "sign-in-error"}>
				{error !== undefined && (
					<Alert id="sign-in-error" tone={errorTone}>
						{error}
					</Alert>
				)}
				<div className="field">
					<label htmlFor="email">Email</label>
					<input
						id="email"
						name="email"
						type="email"
						autoComplete="username"
						required
						value={email}
						onChange={(e) => setEmail(e.target.value)}
						aria-invalid={error !== undefined && errorTone === "error" && tenants.length === 0}
					/>
				</div>
				<div className="field">
					<label htmlFor="password">Password</label>
					<input
						id="password"
						name="password"
						type="password"
						autoComplete="current-password"
						required
						value={password}
						onChange={(e) => setPassword(e.target.value)}
						aria-invalid={error !== undefined && errorTone === "error" && tenants.length === 0}
					/>
				</div>
				{tenants.length > 0 && (
					<fieldset className="field">
						<legend>School</legend>
						{tenants.map((tenant) => (
							<label key={tenant.id} className="choice">
								<input type="radio" name="tenant" value={tenant.id} checked={tenantId === tenant.id} onChange={() => setTenantId(tenant.id)} />
								{tenant.name}
							</label>
						))}
					</fieldset>
				)}
				<button type="submit" className="button primary" disabled={busy}>
					{busy ? "Signing in…" : tenants.length > 0 ? "Continue" : "Sign in"}
				</button>
			</form>
			<p>
				<Link href="/reset-password">Forgot your password?</Link>
			</p>
		</Page>
	);
}

export function SignOutPage() {
	const { signOut } = useAuth();
	const [error, setError] = useState<string | undefined>();
	const [busy, setBusy] = useState(false);
	const run = async () => {
		setBusy(true);
		try {
			await signOut();
		} catch (caught) {
			// The tokens are forgotten here either way; the service will expire the session on its own.
			setError(describeError(caught));
		} finally {
			setBusy(false);
			navigate("/sign-in?signedOut=1", { replace: true });
		}
	};
	return (
		<Page title="Sign out">
			{error !== undefined && <Alert>{error}</Alert>}
			<p>Sign out of the ToolBoxAI dashboard on this browser tab.</p>
			<button type="button" className="button primary" onClick={() => void run()} disabled={busy}>
				{busy ? "Signing out…" : "Sign out"}
			</button>
		</Page>
	);
}
