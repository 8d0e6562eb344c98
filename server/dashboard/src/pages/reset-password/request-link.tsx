import { useState, type FormEvent } from "react";
import { ApiError, describeError } from "../../api/errors";
import { requestPasswordReset } from "../../api/identity";
import { Alert, Notice, Page } from "../../components/page";
import { formatWait } from "../../format";
import { useAction } from "../../hooks/use-action";
import { Link } from "../../router";

function refusal(caught: unknown): string {
	return caught instanceof ApiError && caught.status === 429 && caught.retryAfter !== undefined
		? `Too many requests. Try again in ${formatWait(caught.retryAfter)}.`
		: describeError(caught);
}

/** /reset-password without a token: asks for the email to send the link to. */
export function RequestLink() {
	const [email, setEmail] = useState("");
	const [sentTo, setSentTo] = useState<string | undefined>();
	const send = useAction(refusal);
	const submit = async (event: FormEvent) => {
		event.preventDefault();
		if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) {
			send.setError("Enter the email address you sign in with.");
			return;
		}
		await send.run(async () => {
			await requestPasswordReset(email.trim());
			setSentTo(email.trim());
		});
	};
	return (
		<Page title="Reset your password">
			{sentTo !== undefined ? (
				<Notice>If {sentTo} has a ToolBoxAI account, we have emailed it a link to choose a new password. The link works once, within an hour.</Notice>
			) : (
				<form className="form" onSubmit={submit} noValidate>
					{send.error !== undefined && <Alert>{send.error}</Alert>}
					<div className="field">
						<label htmlFor="reset-email">Email</label>
						<input id="reset-email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={send.error !== undefined} />
					</div>
					<button type="submit" className="button primary" disabled={send.busy}>
						{send.busy ? "Sending…" : "Email me a link"}
					</button>
				</form>
			)}
			<p>
				<Link href="/sign-in">Back to sign in</Link>
			</p>
		</Page>
	);
}
