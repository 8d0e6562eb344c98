import { useState, type FormEvent } from "react";
import { ApiError, describeError, fieldProblem } from "../../api/errors";
import { confirmPasswordReset, PASSWORD_MIN } from "../../api/identity";
import { NewPasswordFields } from "../../components/new-password-fields";
import { Alert, Page } from "../../components/page";
import { useAction } from "../../hooks/use-action";
import { Link, navigate } from "../../router";

const isSpentLink = (caught: unknown) => caught instanceof ApiError && caught.status === 401;

function refusal(caught: unknown): string {
	if (isSpentLink(caught)) return "This link is not valid any more: it was used already or is older than an hour.";
	const problem = fieldProblem(caught, "/password");
	return problem === undefined ? describeError(caught) : `The password ${problem.replace(/^The password /, "")}`;
}

/** The emailed link (/reset-password?token=…): sets the new password, then sends the person to sign in with it. */
export function ChooseNewPassword({ token }: { token: string }) {
	const [password, setPassword] = useState("");
	const [repeat, setRepeat] = useState("");
	// Once the service has refused the link, every later error also offers a new one.
	const [expired, setExpired] = useState(false);
	const save = useAction(refusal);
	const error = save.error;
	const submit = async (event: FormEvent) => {
		event.preventDefault();
		if (password.length < PASSWORD_MIN) return save.setError(`Use at least ${PASSWORD_MIN} characters.`);
		if (password !== repeat) return save.setError("The two passwords differ.");
		const failure = await save.run(async () => {
			await confirmPasswordReset(token, password);
			navigate("/sign-in?reset=1", { replace: true });
		});
		if (isSpentLink(failure)) setExpired(true);
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
				<NewPasswordFields
					password={{ id: "new-password", label: "New password", value: password, onChange: setPassword }}
					repeat={{ id: "repeat-password", label: "Repeat the new password", value: repeat, onChange: setRepeat }}
				/>
				<button type="submit" className="button primary" disabled={save.busy}>
					{save.busy ? "Saving…" : "Set new password"}
				</button>
			</form>
		</Page>
	);
}
