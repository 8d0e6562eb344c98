import { useState } from "react";
import type { SessionSummary } from "@toolboxai/shared";
import { endAllMySessions, listMySessions, listSchoolStudioSessions } from "../../api/sessions";
import { useAuth } from "../../auth";
import { Alert, Loading, Notice, Page } from "../../components/page";
import { useAction } from "../../hooks/use-action";
import { useLoad } from "../../hooks/use-load";
import { navigate } from "../../router";
import { describeSession } from "./session-row";
import { SessionTable } from "./session-table";

/**
 * Where someone is signed in: this and other browsers, Roblox Studio, apps. Each can be signed out; "Sign out
 * everywhere" ends them all, this one included. School admins also see every Studio session of the school.
 */
export function SessionsPage() {
	const { state, signOut } = useAuth();
	const admin = state.status === "signed-in" && (state.me.roles.includes("tenant_admin") || state.me.roles.includes("platform_admin"));
	const mine = useLoad(listMySessions, []);
	const school = useLoad(() => (admin ? listSchoolStudioSessions() : Promise.resolve([])), [admin]);
	const [notice, setNotice] = useState<string>();
	const everywhere = useAction();

	const ended = (session: SessionSummary) => {
		void Promise.all([mine.reload(), school.reload()]).then(() => setNotice(`Signed out ${describeSession(session)}.`));
	};
	const signOutEverywhere = () =>
		everywhere.run(async () => {
			await endAllMySessions();
			await signOut();
			navigate("/sign-in?ended=logout", { replace: true });
		});

	return (
		<Page title="Sessions" wide>
			<p className="lead">Where you are signed in. Browser sessions last 30 days; Roblox Studio stays signed in for 14 days after it was last used (90 days at most).</p>
			{notice !== undefined && <Notice>{notice}</Notice>}
			{mine.error !== undefined && <Alert>{mine.error}</Alert>}
			<h2>Your sessions</h2>
			{mine.loading && <Loading label="Loading sessions…" />}
			{mine.data !== undefined && <SessionTable caption="Your sessions" sessions={mine.data} showPerson={false} onEnded={ended} />}
			<p>
				<button type="button" className="button danger" disabled={everywhere.busy} onClick={() => void signOutEverywhere()}>
					{everywhere.busy ? "Signing out everywhere…" : "Sign out everywhere"}
				</button>
			</p>
			{everywhere.error !== undefined && <Alert>{everywhere.error}</Alert>}
			{admin && (
				<>
					<h2>Roblox Studio in your school</h2>
					<p>Studio keeps its sign-in on the computer. Sign out the ones nobody should still be using (a lab computer, someone who left).</p>
					{school.error !== undefined && <Alert>{school.error}</Alert>}
					{school.loading && <Loading label="Loading Studio sessions…" />}
					{school.data !== undefined && school.data.length === 0 && <p className="muted">No Studio sessions.</p>}
					{school.data !== undefined && school.data.length > 0 && (
						<SessionTable caption="Roblox Studio sessions in your school" sessions={school.data} showPerson onEnded={ended} />
					)}
				</>
			)}
		</Page>
	);
}
