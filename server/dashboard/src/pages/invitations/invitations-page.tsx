import { useState } from "react";
import { listInvitations } from "../../api/people";
import { Alert, Loading, Notice, Page } from "../../components/page";
import { useLoad } from "../../hooks/use-load";
import { peopleError } from "../members/people-error";
import { roleWord } from "../members/role-words";
import { InvitationRow } from "./invitation-row";
import { InviteForm } from "./invite-form";

/** /invitations: invite people by email, and see, resend or revoke what was sent, newest first. */
export function InvitationsPage() {
	const list = useLoad(() => listInvitations(), [], peopleError);
	const [notice, setNotice] = useState<string>();
	const invitations = list.data?.items;
	const nextCursor = list.data?.nextCursor;
	const loadMore = (cursor: string) =>
		list.extend(
			() => listInvitations(cursor),
			(shown, page) => ({ items: [...shown.items, ...page.items], nextCursor: page.nextCursor }),
		);
	const changed = (said: string) => void list.reload().then(() => setNotice(said));
	return (
		<Page title="Invitations" wide>
			<p className="lead">An invitation mails a link, valid 7 days, that lets the person join your school with the role you chose.</p>
			{list.error !== undefined && <Alert>{list.error}</Alert>}
			{notice !== undefined && <Notice>{notice}</Notice>}
			<InviteForm onInvited={(invitation) => changed(`Invitation sent to ${invitation.email} as ${roleWord(invitation.role).toLowerCase()}.`)} />
			<h2 id="invitations-title">Sent invitations</h2>
			{list.loading && <Loading label="Loading invitations…" />}
			{invitations !== undefined && invitations.length === 0 && <p className="muted">No invitations yet.</p>}
			{invitations !== undefined && invitations.length > 0 && (
				<div className="table-wrap">
					<table aria-labelledby="invitations-title">
						<thead>
							<tr>
								<th scope="col">Email</th>
								<th scope="col">Role</th>
								<th scope="col">Status</th>
								<th scope="col">Sent</th>
								<th scope="col">Link valid until</th>
								<th scope="col">
									<span className="visually-hidden">Actions</span>
								</th>
							</tr>
						</thead>
						<tbody>
							{invitations.map((invitation) => (
								<InvitationRow key={invitation.id} invitation={invitation} onChanged={changed} />
							))}
						</tbody>
					</table>
				</div>
			)}
			{nextCursor !== undefined && (
				<button type="button" className="button" disabled={list.busy} onClick={() => void loadMore(nextCursor)}>
					{list.busy ? "Loading…" : "Show older invitations"}
				</button>
			)}
		</Page>
	);
}
