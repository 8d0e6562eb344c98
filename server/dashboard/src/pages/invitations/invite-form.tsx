import { useState, type FormEvent } from "react";
import type { TenantRole } from "@toolboxai/shared";
import { fieldProblem } from "../../api/errors";
import { createInvitation, type Invitation } from "../../api/people";
import { Alert } from "../../components/page";
import { useAction } from "../../hooks/use-action";
import { peopleError } from "../members/people-error";
import { roleWord, SCHOOL_ROLES } from "../members/role-words";

function inviteError(caught: unknown): string {
	const email = fieldProblem(caught, "/email");
	return email === undefined ? peopleError(caught) : `The email address ${email}.`;
}

/** An email address and a role: the person gets a link, valid 7 days, to join the school. */
export function InviteForm({ onInvited }: { onInvited: (invitation: Invitation) => void }) {
	const [email, setEmail] = useState("");
	const [role, setRole] = useState<TenantRole>("teacher");
	const invite = useAction(inviteError);
	const submit = async (event: FormEvent) => {
		event.preventDefault();
		if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) return invite.setError("Enter the person's email address.");
		await invite.run(async () => {
			const invitation = await createInvitation(email.trim(), role);
			setEmail("");
			onInvited(invitation);
		});
	};
	return (
		<form className="form card" onSubmit={submit} aria-labelledby="invite-title" noValidate>
			<h2 id="invite-title">Invite someone</h2>
			{invite.error !== undefined && <Alert>{invite.error}</Alert>}
			<div className="field">
				<label htmlFor="invite-email">Their email</label>
				<input id="invite-email" type="email" autoComplete="off" maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} />
			</div>
			<div className="field">
				<label htmlFor="invite-role">Role</label>
				<select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as TenantRole)}>
					{SCHOOL_ROLES.map((each) => (
						<option key={each} value={each}>
							{roleWord(each)}
						</option>
					))}
				</select>
			</div>
			<div className="actions">
				<button type="submit" className="button primary" disabled={invite.busy}>
					{invite.busy ? "Sending…" : "Send invitation"}
				</button>
			</div>
		</form>
	);
}
