import { useAuth } from "../../auth";
import { Alert, Page } from "../../components/page";
import { useAction } from "../../hooks/use-action";
import { navigate } from "../../router";

/** /sign-out: the same as the header's button, as a page of its own. */
export function SignOutPage() {
	const { signOut } = useAuth();
	const signingOut = useAction();
	const run = async () => {
		// A refusal is shown, but the tokens are forgotten here either way; the service will expire the session on its own.
		await signingOut.run(signOut);
		navigate("/sign-in?signedOut=1", { replace: true });
	};
	return (
		<Page title="Sign out">
			{signingOut.error !== undefined && <Alert>{signingOut.error}</Alert>}
			<p>Sign out of the ToolBoxAI dashboard in this browser: every tab of it.</p>
			<button type="button" className="button primary" onClick={() => void run()} disabled={signingOut.busy}>
				{signingOut.busy ? "Signing out…" : "Sign out"}
			</button>
		</Page>
	);
}
