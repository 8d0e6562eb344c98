import type { SessionSummary } from "@toolboxai/shared";
import { endSession } from "../../api/sessions";
import { Alert } from "../../components/page";
import { formatTime } from "../../format";
import { useAction } from "../../hooks/use-action";

const KIND: Record<SessionSummary["client"], string> = { browser: "Browser", studio: "Roblox Studio", api: "App or script" };

export function describeSession(session: SessionSummary): string {
	return session.label ?? KIND[session.client];
}

/** One session in a table; ending the current one is signing out, which the header's button does. */
export function SessionRow({ session, showPerson, onEnded }: { session: SessionSummary; showPerson: boolean; onEnded: (session: SessionSummary) => void }) {
	const end = useAction();
	const name = describeSession(session);
	return (
		<tr>
			<th scope="row">
				{name}
				{session.current && <span className="badge">This browser</span>}
			</th>
			<td>{KIND[session.client]}</td>
			{showPerson && <td>{session.user.displayName}</td>}
			<td>{formatTime(session.createdAt)}</td>
			<td>{formatTime(session.lastUsedAt)}</td>
			<td>{formatTime(session.expiresAt)}</td>
			<td>
				{!session.current && (
					<button
						type="button"
						className="button"
						disabled={end.busy}
						aria-label={`Sign out ${name}`}
						onClick={() =>
							void end.run(async () => {
								await endSession(session.id);
								onEnded(session);
							})
						}
					>
						{end.busy ? "Signing out…" : "Sign out"}
					</button>
				)}
				{end.error !== undefined && <Alert>{end.error}</Alert>}
			</td>
		</tr>
	);
}
