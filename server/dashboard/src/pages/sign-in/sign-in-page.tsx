import { useState, type FormEvent } from "react";
import type { TenantSummary } from "@toolboxai/shared";
import { ApiError, describeError } from "../../api/errors";
import { useAuth } from "../../auth";
import { Alert, Notice, Page } from "../../components/page";
import { formatWait } from "../../format";
import { useAction } from "../../hooks/use-action";
import { Link, navigate, safeNext, useLocation } from "../../router";
import { endedMessage } from "./ended-message";
import { DemoHint } from "./demo-hint";

/** A person in several schools gets 409 with the schools to choose from (details.tenants, or memberships[].tenant). */
function tenantsFrom(details: unknown): TenantSummary[] {
	if (typeof details !== "object" || details === null) return [];
	const record = details as { tenants?: unknown; memberships?: unknown };
	const raw = Array.isArray(record.tenants) ? record.tenants : Array.isArray(record.memberships) ? record.memberships.map((m) => (m as { tenant?: unknown }).tenant) : [];
	return raw.filter((t): t is TenantSummary => typeof t === "object" && t !== null && typeof (t as TenantSummary).id === "string" && typeof (t as TenantSummary).name === "string");
}

/** A person in several schools is asked which one: the 409 lists them. */
function schoolChoices(error: unknown): TenantSummary[] {
	return error instanceof ApiError && error.status === 409 ? tenantsFrom(error.details) : [];
}

const CHOOSE_A_SCHOOL = "You belong to several schools. Choose one to continue.";

function messageFor(error: unknown): string {
	if (schoolChoices(error).length > 0) return CHOOSE_A_SCHOOL;
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
	const attempt = useAction(messageFor);
	const error = attempt.error;
	/** The school choice is a question, not a failure: announced the same way, shown calmer. */
	const errorTone = error === CHOOSE_A_SCHOOL ? "info" : "error";
	const signedOut = location.search.get("signedOut") === "1";
	const expired = location.search.get("expired") === "1";
	const ended = endedMessage(location.search.get("ended"));
	const reset = location.search.get("reset") === "1";

	const submit = async (event: FormEvent) => {
		event.preventDefault();
		if (tenants.length > 0 && tenantId === "") {
			attempt.setError("Choose the school to sign in to.");
			return;
		}
		const failure = await attempt.run(async () => {
			await signIn({ email: email.trim(), password, ...(tenantId === "" ? {} : { tenantId }) });
			navigate(next, { replace: true });
		});
		const choices = schoolChoices(failure);
		if (choices.length > 0) setTenants(choices);
		else if (failure instanceof ApiError && failure.status === 401) setPassword("");
	};

	return (
		<Page title="Sign in">
			{signedOut && <Notice>You are signed out.</Notice>}
			{expired && ended === undefined && <Notice>Your session has ended. Please sign in again.</Notice>}
			{ended !== undefined && <Notice>{ended}</Notice>}
			{reset && <Notice>Your password is changed. Sign in with the new one.</Notice>}
			{next.startsWith("/device") && <p className="lead">Sign in to approve the Roblox Studio sign-in request.</p>}
			<DemoHint />
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
				<button type="submit" className="button primary" disabled={attempt.busy}>
					{attempt.busy ? "Signing in…" : tenants.length > 0 ? "Continue" : "Sign in"}
				</button>
			</form>
			<p>
				<Link href="/reset-password">Forgot your password?</Link>
			</p>
			<p>
				New to ToolBoxAI? <Link href="/sign-up">Create your school</Link>
			</p>
		</Page>
	);
}
