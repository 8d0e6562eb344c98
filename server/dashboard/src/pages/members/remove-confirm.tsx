import { useState } from "react";
import { ApiError } from "../../api/errors";
import { listMembers, type Member, removeMember } from "../../api/people";
import { Alert } from "../../components/page";
import { useAction } from "../../hooks/use-action";
import { useLoad } from "../../hooks/use-load";
import { peopleError } from "./people-error";

/** Teachers and admins may own lessons and teach classes: removing one asks who takes them over. */
function teaches(member: Member): boolean {
	return member.roles.includes("teacher") || member.roles.includes("tenant_admin");
}

function removalError(caught: unknown): string {
	const details = caught instanceof ApiError && caught.status === 409 ? (caught.details as { lessons?: number; classes?: number } | undefined) : undefined;
	if (details?.lessons !== undefined) {
		return `They own ${details.lessons} lesson(s) and teach ${details.classes ?? 0} class(es): choose a colleague to take them over.`;
	}
	return peopleError(caught);
}

/** The colleagues who can take over: the school's teachers and admins (one page each, the most a select can hold). */
async function colleaguesOf(member: Member): Promise<Member[]> {
	const [teachers, admins] = await Promise.all([listMembers({ role: "teacher" }, undefined, 200), listMembers({ role: "tenant_admin" }, undefined, 200)]);
	const seen = new Set<string>();
	return [...teachers.items, ...admins.items]
		.filter((each) => each.user.id !== member.user.id && !seen.has(each.user.id) && seen.add(each.user.id))
		.sort((a, b) => a.user.displayName.localeCompare(b.user.displayName));
}

/** Confirms a removal; for a teacher or admin, with the colleague who takes over their lessons and classes. */
export function RemoveConfirm({ member, onRemoved, onCancel }: { member: Member; onRemoved: () => void; onCancel: () => void }) {
	const needsColleague = teaches(member);
	const colleagues = useLoad(() => (needsColleague ? colleaguesOf(member) : Promise.resolve([])), [member.user.id], peopleError);
	const [transferTo, setTransferTo] = useState("");
	const remove = useAction(removalError);
	const name = member.user.displayName;
	const selectId = `transfer-${member.user.id}`;
	const confirm = () =>
		remove.run(async () => {
			await removeMember(member.user.id, transferTo === "" ? undefined : transferTo);
			onRemoved();
		});
	return (
		<fieldset className="confirm" aria-label={`Confirm removing ${name}`}>
			<span>{name} leaves the school and is signed out here. Their account stays.</span>
			{needsColleague && (
				<span className="field">
					<label htmlFor={selectId}>Their lessons and classes go to</label>
					<select id={selectId} value={transferTo} onChange={(e) => setTransferTo(e.target.value)}>
						<option value="">Nobody (only if they have none)</option>
						{(colleagues.data ?? []).map((each) => (
							<option key={each.user.id} value={each.user.id}>
								{each.user.displayName}
							</option>
						))}
					</select>
				</span>
			)}
			<button type="button" className="button danger small" disabled={remove.busy} onClick={() => void confirm()}>
				{remove.busy ? "Removing…" : `Remove ${name}`}
			</button>
			<button type="button" className="button small" disabled={remove.busy} onClick={onCancel}>
				Cancel
			</button>
			{(remove.error ?? colleagues.error) !== undefined && <Alert>{remove.error ?? colleagues.error}</Alert>}
		</fieldset>
	);
}
