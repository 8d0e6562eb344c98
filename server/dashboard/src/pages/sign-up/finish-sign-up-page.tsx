import { useState, type FormEvent } from "react";
import { ApiError, describeError, fieldProblem } from "../../api/errors";
import { completeSignup, PASSWORD_MIN } from "../../api/identity";
import { useAuth } from "../../auth";
import { NewPasswordFields } from "../../components/new-password-fields";
import { Alert, Page } from "../../components/page";
import { useAction } from "../../hooks/use-action";
import { Link, navigate, useLocation } from "../../router";

/** What a refusal means here, and where the person goes next. */
function refusal(caught: unknown): { message: string; next?: "sign-up" | "sign-in" } {
	if (caught instanceof ApiError && caught.status === 404) {
		return { message: "This link is not valid any more: it was used already or is older than 24 hours.", next: "sign-up" };
	}
	if (caught instanceof ApiError && caught.status === 409) return { message: "This email address already has a ToolBoxAI account.", next: "sign-in" };
	const password = fieldProblem(caught, "/password");
	return { message: password === undefined ? describeError(caught) : `The password ${password.replace(/^The password /, "")}` };
}

/** The emailed link (/sign-up/complete?token=…): a name and a password, then the new school, signed in. */
export function FinishSignUpPage() {
	const { reload } = useAuth();
	const token = useLocation().search.get("token") ?? "";
	const [displayName, setDisplayName] = useState("");
	const [password, setPassword] = useState("");
	const [repeat, setRepeat] = useState("");
	const finish = useAction(refusal);
	const error = finish.error;
	const submit = async (event: FormEvent) => {
		event.preventDefault();
		if (password.length < PASSWORD_MIN) return finish.setError({ message: `Use at least ${PASSWORD_MIN} characters.` });
		if (password !== repeat) return finish.setError({ message: "The two passwords differ." });
		await finish.run(async () => {
			await completeSignup({ token, password, ...(displayName.trim() === "" ? {} : { displayName: displayName.trim() }) });
			await reload();
			navigate("/", { replace: true });
		});
	};
	if (token === "") {
		return (
			<Page title="Finish creating your school">
				<Alert>This link is incomplete. Open the link from the email again.</Alert>
			</Page>
		);
	}
	return (
		<Page title="Finish creating your school">
			<p className="lead">Choose your name and a password: you will be your school's administrator.</p>
			<form className="form" onSubmit={submit} noValidate>
				{error !== undefined && (
					<Alert id="finish-sign-up-error">
						{error.message}
						{error.next === "sign-up" && (
							<>
								{" "}
								<Link href="/sign-up">Start again.</Link>
							</>
						)}
						{error.next === "sign-in" && (
							<>
								{" "}
								<Link href="/sign-in">Sign in</Link> or <Link href="/reset-password">reset your password</Link>.
							</>
						)}
					</Alert>
				)}
				<div className="field">
					<label htmlFor="finish-name">Your name (as students and colleagues see it)</label>
					<input id="finish-name" autoComplete="name" maxLength={80} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
				</div>
				<NewPasswordFields
					password={{ id: "finish-password", label: "Password", value: password, onChange: setPassword }}
					repeat={{ id: "finish-repeat", label: "Repeat the password", value: repeat, onChange: setRepeat }}
				/>
				<button type="submit" className="button primary" disabled={finish.busy}>
					{finish.busy ? "Creating…" : "Create school"}
				</button>
			</form>
		</Page>
	);
}
