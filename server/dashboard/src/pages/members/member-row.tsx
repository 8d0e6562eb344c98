import { useState } from "react";
import { endMemberSessions, type Member } from "../../api/people";
import { Alert } from "../../components/page";
import { formatTime } from "../../format";
import { useAction } from "../../hooks/use-action";
import { peopleError } from "./people-error";
import { RemoveConfirm } from "./remove-confirm";
import { RoleEditor } from "./role-editor";
import { rolesText } from "./role-words";

type Mode = "view" | "roles" | "remove";

/** One member: their roles, and what an admin can do (change roles, sign them out everywhere, remove). */
export function MemberRow({ member, onChanged, onRemoved }: { member: Member; onChanged: (said: string, updated?: Member) => void; onRemoved: (said: string) => void }) {
	const [mode, setMode] = useState<Mode>("view");
	const signOut = useAction(peopleError);
	const name = member.user.displayName;
	const endSessions = () =>
		signOut.run(async () => {
			const ended = await endMemberSessions(member.user.id);
			onChanged(ended === 0 ? `${name} had no open sessions.` : `${name} is signed out everywhere (${ended} session${ended === 1 ? "" : "s"} ended).`);
		});
	return (
		<tr data-testid="member-row">
			<th scope="row">{name}</th>
			<td>{member.user.email ?? <span className="muted">none</span>}</td>
			<td>{rolesText(member.roles)}</td>
			<td>{formatTime(member.joinedAt)}</td>
			<td>
				{mode === "roles" && (
					<RoleEditor
						member={member}
						onCancel={() => setMode("view")}
						onSaved={(updated) => {
							setMode("view");
							onChanged(`${name} is now ${rolesText(updated.roles)}. They sign in again to use the new roles.`, updated);
						}}
					/>
				)}
				{mode === "remove" && <RemoveConfirm member={member} onCancel={() => setMode("view")} onRemoved={() => onRemoved(`${name} was removed from the school.`)} />}
				{mode === "view" && (
					<div className="confirm">
						<button type="button" className="button small" onClick={() => setMode("roles")} aria-label={`Change roles of ${name}`}>
							Change roles
						</button>
						<button type="button" className="button small" disabled={signOut.busy} onClick={() => void endSessions()} aria-label={`Sign out everywhere: ${name}`}>
							{signOut.busy ? "Signing out…" : "Sign out everywhere"}
						</button>
						<button type="button" className="button small" onClick={() => setMode("remove")} aria-label={`Remove ${name}`}>
							Remove
						</button>
					</div>
				)}
				{signOut.error !== undefined && <Alert>{signOut.error}</Alert>}
			</td>
		</tr>
	);
}
