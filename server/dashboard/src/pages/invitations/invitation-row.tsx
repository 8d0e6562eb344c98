import { type Invitation, resendInvitation, revokeInvitation } from "../../api/people";
import { Alert } from "../../components/page";
import { formatTime } from "../../format";
import { useAction } from "../../hooks/use-action";
import { peopleError } from "../members/people-error";
import { roleWord } from "../members/role-words";
import { invitationStatus, STATUS_WORDS } from "./invitation-status";

/** One invitation: its state, and sending it again (a new link) or revoking it while it can still be used. */
export function InvitationRow({ invitation, onChanged }: { invitation: Invitation; onChanged: (said: string) => void }) {
	const act = useAction(peopleError);
	const status = invitationStatus(invitation);
	const resend = () =>
		act.run(async () => {
			await resendInvitation(invitation.id);
			onChanged(`Invitation sent again to ${invitation.email}, with a new link valid 7 days. The earlier link no longer works.`);
		}, "resend");
	const revoke = () =>
		act.run(async () => {
			await revokeInvitation(invitation.id);
			onChanged(`Invitation to ${invitation.email} revoked: its link no longer works.`);
		}, "revoke");
	return (
		<tr data-testid="invitation-row">
			<th scope="row">{invitation.email}</th>
			<td>{roleWord(invitation.role)}</td>
			<td>
				<span className={`badge invitation-${status}`}>{STATUS_WORDS[status]}</span>
			</td>
			<td>{formatTime(invitation.createdAt)}</td>
			<td>{status === "pending" || status === "expired" ? formatTime(invitation.expiresAt) : "—"}</td>
			<td>
				{(status === "pending" || status === "expired") && (
					<div className="confirm">
						<button type="button" className="button small" disabled={act.busy} onClick={() => void resend()} aria-label={`Send again to ${invitation.email}`}>
							{act.running === "resend" ? "Sending…" : "Send again"}
						</button>
						{status === "pending" && (
							<button type="button" className="button small" disabled={act.busy} onClick={() => void revoke()} aria-label={`Revoke the invitation to ${invitation.email}`}>
								{act.running === "revoke" ? "Revoking…" : "Revoke"}
							</button>
						)}
					</div>
				)}
				{act.error !== undefined && <Alert>{act.error}</Alert>}
			</td>
		</tr>
	);
}
