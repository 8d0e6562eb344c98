import { useState, type FormEvent } from "react";
import { ApiError, describeError, fieldProblem } from "../api/errors";
import { confirmPasswordReset, requestPasswordReset } from "../api/identity";
import { Alert, Notice, Page } from "../components/page";
import { formatWait } from "../format";
import { Link, navigate, useLocation } from "../router";

const PASSWORD_MIN = 12;

function RequestLink() {
	const [email, setEmail] = useState("");
	const [sentTo, setSentTo] = useState<string | undefined>();
	const [error, setError] = useState<string | undefined>();
	const [busy, setBusy] = useState(false);
	const submit = async (event: FormEvent) => {
		event.preventDefault();
		setError(undefined);
		if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) {
			setError("Enter the email address you sign in with.");
			return;
		}
		setBusy(true);
		try {
			await requestPasswordReset(email.trim());
			setSentTo(email.trim());
		} catch (caught) {
			setError(caught instanceof ApiError && caught.status === 429 && caught.retryAfter !== undefined ? `Too many requests. Try again in ${formatWait(caught.retryAfter)}.` : describeError(caught));
		} finally {
			setBusy(false);
		}
	};
	return (
		<Page title="Reset your password">
			{sentTo !== undefined ? (
				<Notice>If {sentTo} has a ToolBoxAI account, we have emailed it a link to choose a new password. The link works once, within an hour.</Notice>
			) : (
				<form className="form" onSubmit={submit} noValidate>
					{error !== undefined && <Alert>{error}</Alert>}
					<div className="field">
						<label htmlFor="reset-email">Email</label>
						<input id="reset-email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={error !== undefined} />
					</div>
					<button type="submit" className="button primary" disabled={busy}>
						{busy ? "Sending…" : "Email me a link"}
					</button>
				</form>
			)}
			<p>
				<Link href="/sign-in">Back to sign in</Link>
			</p>
		</Page>
	);
}

function ChooseNewPassword({ token }: { token: string }) {
	const [password, setPassword] = useState("");
	const [repeat, setRepeat] = useState("");
	const [error, setError] = useState<string | undefined>();
	const [expired, setExpired] = useState(false);
	const [busy, setBusy] = useState(false);
	const submit = async (event: FormEvent) => {
		event.preventDefault();
		setError(undefined);
		if (password.length < PASSWORD_MIN) return setError(`Use at least ${PASSWORD_MIN} characters.`);
		if (password !== repeat) return setError("The two passwords differ.");
		setBusy(true);
		try {
			await confirmPasswordReset(token, password);
			navigate("/sign-in?reset=1", { replace: true });
		} catch (caught) {
			if (caught instanceof ApiError && caught.status === 401) {
				setExpired(true);
				setError("This link is not valid any more: it was used already or is older than an hour.");
			} else {
				const problem = fieldProblem(caught, "/password");
				setError(problem === undefined ? describeError(caught) : `The password ${problem.replace(/^The password /, "")}`);
			}
		} finally {
			setBusy(false);
		}
	};
	return (
		<Page title="Choose a new password">
			<p className="lead">Choosing a new password signs you out everywhere, Roblox Studio included.</p>
			<form className="form" onSubmit={submit} noValidate>
				{error !== undefined && (
					<Alert>
						{error}
						{expired && (
							<>
								{" "}
								<Link href="/reset-password">Ask for a new link.</Link>
							</>
						)}
					</Alert>
				)}
				<div className="field">
					<label htmlFor="new-password">New password</label>
					<input
						id="new-password"
						type="password"
						autoComplete="new-password"
						value={password}
						onChange={(e) => setPassword(e.target.value)}
						aria-describedby="new-password-help"
					/>
					<p className="help" id="new-password-help">
						At least {PASSWORD_MIN} characters; a few unrelated words make a strong one.
					</p>
				</div>
				<div className="field">
					<label htmlFor="repeat-password">Repeat the new password</label>
					<input id="repeat-password" type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />
				</div>
				<button type="submit" className="button primary" disabled={busy}>
					{busy ? "Saving…" : "Set new password"}
				</button>
			</form>
		</Page>
	);
}

/** /reset-password asks for the email; the emailed link (/reset-password?token=…) sets the new password. */
export function ResetPasswordPage() {
	const token = useLocation().search.get("token");
	return token === null || token === "" ? <RequestLink /> : <ChooseNewPassword token={token} />;
}
