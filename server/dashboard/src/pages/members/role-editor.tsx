import { useState } from "react";
import type { TenantRole } from "@toolboxai/shared";
import { type Member, setMemberRoles } from "../../api/people";
import { Alert } from "../../components/page";
import { useAction } from "../../hooks/use-action";
import { peopleError } from "./people-error";
import { roleWord, SCHOOL_ROLES } from "./role-words";

/** Ticks for a member's roles; saving ends their sessions so they sign in again with the new roles. */
export function RoleEditor({ member, onSaved, onCancel }: { member: Member; onSaved: (updated: Member) => void; onCancel: () => void }) {
	const [roles, setRoles] = useState<TenantRole[]>(SCHOOL_ROLES.filter((role) => member.roles.includes(role)));
	const save = useAction(peopleError);
	const name = member.user.displayName;
	const toggle = (role: TenantRole, on: boolean) => setRoles((current) => (on ? [...current, role] : current.filter((each) => each !== role)));
	const submit = () =>
		save.run(async () => {
			if (roles.length === 0) throw new Error("Give at least one role, or remove the member instead.");
			onSaved(await setMemberRoles(member.user.id, roles));
		});
	return (
		<fieldset className="confirm" aria-label={`Roles of ${name}`}>
			{SCHOOL_ROLES.map((role) => (
				<label key={role} className="choice">
					<input type="checkbox" checked={roles.includes(role)} onChange={(e) => toggle(role, e.target.checked)} /> {roleWord(role)}
				</label>
			))}
			<button type="button" className="button primary small" disabled={save.busy} onClick={() => void submit()}>
				{save.busy ? "Saving…" : "Save roles"}
			</button>
			<button type="button" className="button small" disabled={save.busy} onClick={onCancel}>
				Cancel
			</button>
			{save.error !== undefined && <Alert>{save.error}</Alert>}
		</fieldset>
	);
}
