import { useState, type FormEvent } from "react";
import { ApiError, describeError, fieldProblem } from "../../api/errors";
import { acceptInvitation, PASSWORD_MIN } from "../../api/identity";
import { useAuth } from "../../auth";
import { NewPasswordFields } from "../../components/new-password-fields";
import { Alert, Page } from "../../components/page";
import { useAction } from "../../hooks/use-action";
import { navigate, useLocation } from "../../router";

function messageFor(error: unknown): string {
	if (error instanceof ApiError) {
		if (error.status === 404) return "This invitation is not valid any more: it was used, withdrawn or is older than 7 days. Ask your school for a new one.";
		if (error.status === 401) return "You already have a ToolBoxAI account with this email: enter its password, or sign in first.";
		const password = fieldProblem(error, "/password");
		if (password !== undefined) return `The password ${password.replace(/^The password /, "")}`;
	}
	return describeError(error);
}

/** The link in the invitation email (/invite?token=…): join the school, creating an account or linking an existing one. */
export function InvitePage() {
	const { state, reload } = useAuth();
	const token = useLocation().search.get("token") ?? "";
	const [displayName, setDisplayName] = useState("");
	const [password, setPassword] = useState("");
	const accept = useAction(messageFor);
	const error = accept.error;
	const signedIn = state.status === "signed-in";

	const submit = async (event: FormEvent) => {
		event.preventDefault();
		if (!signedIn && password.length < PASSWORD_MIN) {
			accept.setError(`Enter a password of at least ${PASSWORD_MIN} characters (or the password of your existing account).`);
			return;
		}
		await accept.run(async () => {
			await acceptInvitation({ token, ...(password === "" ? {} : { password }), ...(displayName.trim() === "" ? {} : { displayName: displayName.trim() }) });
			await reload();
			navigate("/", { replace: true });
		});
	};

	if (token === "") {
		return (
			<Page title="Join your school">
				<Alert>This invitation link is incomplete. Open the link from the email again.</Alert>
			</Page>
		);
	}
	return (
		<Page title="Join your school">
			<p className="lead">
				{signedIn
					? `You are signed in as ${state.me.user.displayName}. Accept to add this school to your account.`
					: "You have been invited to ToolBoxAI. New here? Choose your name and a password. Already have an account with this email? Enter its password."}
			</p>
			<form className="form" onSubmit={submit} noValidate>
				{error !== undefined && <Alert id="invite-error">{error}</Alert>}
				{!signedIn && (
					<>
						<div className="field">
							<label htmlFor="invite-name">Your name (as students and colleagues see it)</label>
							<input id="invite-name" autoComplete="name" maxLength={80} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
						</div>
						<NewPasswordFields password={{ id: "invite-password", label: "Password", value: password, onChange: setPassword }} invalid={error !== undefined} />
					</>
				)}
				<button type="submit" className="button primary" disabled={accept.busy}>
					{accept.busy ? "Joining…" : "Accept invitation"}
				</button>
			</form>
		</Page>
	);
}
