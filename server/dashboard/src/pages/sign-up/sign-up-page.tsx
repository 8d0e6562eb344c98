import { useState, type FormEvent } from "react";
import { ApiError, describeError, fieldProblem } from "../../api/errors";
import { requestSignup } from "../../api/identity";
import { Alert, Notice, Page } from "../../components/page";
import { formatWait } from "../../format";
import { useAction } from "../../hooks/use-action";
import { Link } from "../../router";

function refusal(caught: unknown): string {
	if (caught instanceof ApiError && caught.status === 429) {
		return caught.retryAfter === undefined
			? "Too many sign-ups from this network. Try again later."
			: `Too many sign-ups from this network. Try again in ${formatWait(caught.retryAfter)}.`;
	}
	const name = fieldProblem(caught, "/organizationName");
	return name === undefined ? describeError(caught) : `The school's name ${name}.`;
}

const hours = (seconds: number) => Math.round(seconds / 3600);

/**
 * /sign-up: a school's name and an email address. The service answers the same whether or not the address has an
 * account, so the page only says to check the mail: a link to finish the school, or how to sign in.
 */
export function SignUpPage() {
	const [organizationName, setOrganizationName] = useState("");
	const [email, setEmail] = useState("");
	const [sent, setSent] = useState<{ to: string; validForSeconds: number }>();
	const ask = useAction(refusal);
	const submit = async (event: FormEvent) => {
		event.preventDefault();
		if (organizationName.trim() === "") return ask.setError("Give your school's name.");
		if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) return ask.setError("Enter your email address.");
		await ask.run(async () => {
			const accepted = await requestSignup({ organizationName: organizationName.trim(), email: email.trim() });
			setSent({ to: email.trim(), validForSeconds: accepted.linkValidForSeconds });
		});
	};
	if (sent !== undefined) {
		return (
			<Page title="Check your mail">
				<Notice>
					We have emailed {sent.to}. Open the link in that email within {hours(sent.validForSeconds)} hours to choose your password and finish creating your school. If the address
					already has a ToolBoxAI account, the email tells you how to sign in instead.
				</Notice>
				<p>
					<Link href="/sign-in">Back to sign in</Link>
				</p>
			</Page>
		);
	}
	return (
		<Page title="Create your school">
			<p className="lead">Start with your school's name and your email address. We will email you a link to finish.</p>
			<form className="form" onSubmit={submit} noValidate>
				{ask.error !== undefined && <Alert id="sign-up-error">{ask.error}</Alert>}
				<div className="field">
					<label htmlFor="sign-up-school">School name</label>
					<input id="sign-up-school" autoComplete="organization" maxLength={120} value={organizationName} onChange={(e) => setOrganizationName(e.target.value)} />
				</div>
				<div className="field">
					<label htmlFor="sign-up-email">Email</label>
					<input id="sign-up-email" type="email" autoComplete="email" maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} />
				</div>
				<button type="submit" className="button primary" disabled={ask.busy}>
					{ask.busy ? "Sending…" : "Email me a link"}
				</button>
			</form>
			<p>
				Already have an account? <Link href="/sign-in">Sign in</Link>
			</p>
		</Page>
	);
}
