import { useState } from "react";
import type { RosterEntry } from "@toolboxai/shared";
import { listRoster, removeStudent } from "../../../api/classes";
import { Alert, Loading, Notice } from "../../../components/page";
import { formatTime } from "../../../format";
import { useAction } from "../../../hooks/use-action";
import { useLoad } from "../../../hooks/use-load";
import { Link } from "../../../router";
import { classError } from "../class-error";

/** What removing a student does, said before and after: only the roster changes. */
export const REMOVAL_EFFECT =
	"They stay a student of the school, and their progress stays under the school's retention rules; this class stops counting them, and the game stops treating them as in it from their next visit. They can join again with a join code.";

/** Students on the class's roster: they join in game with the join code; a teacher can take one off the roster. */
export function Roster({ classId, refreshKey, onChanged }: { classId: string; refreshKey: number; onChanged: () => void }) {
	const roster = useLoad(() => listRoster(classId), [classId, refreshKey], classError);
	const removal = useAction(classError);
	const [confirming, setConfirming] = useState<string | undefined>();
	const [notice, setNotice] = useState<string | undefined>();
	const items = roster.data;

	const remove = (student: RosterEntry) =>
		removal.run(async () => {
			setNotice(undefined);
			await removeStudent(classId, student.userId);
			setConfirming(undefined);
			await roster.reload();
			setNotice(`${student.displayName} was removed from the class. ${REMOVAL_EFFECT}`);
			onChanged();
		});

	return (
		<section aria-labelledby="roster-title">
			<h2 id="roster-title">Roster</h2>
			{roster.error !== undefined && <Alert>{roster.error}</Alert>}
			{notice !== undefined && <Notice>{notice}</Notice>}
			{roster.loading && <Loading label="Loading the roster…" />}
			{items !== undefined && items.length === 0 && <p className="muted">No students yet. They join in game with the class's join code.</p>}
			{items !== undefined && items.length > 0 && (
				<div className="table-wrap">
					<table aria-labelledby="roster-title">
						<thead>
							<tr>
								<th scope="col">Student</th>
								<th scope="col">Roblox user id</th>
								<th scope="col">Joined</th>
								<th scope="col">
									<span className="visually-hidden">Actions</span>
								</th>
							</tr>
						</thead>
						<tbody>
							{items.map((student) => (
								<tr key={student.userId} data-testid="roster-row">
									<th scope="row">
										<Link href={`/classes/${classId}/students/${student.userId}`}>{student.displayName}</Link>
									</th>
									<td>{student.robloxUserId ?? "—"}</td>
									<td>{formatTime(student.joinedAt)}</td>
									<td>
										{confirming === student.userId ? (
											<fieldset className="confirm" aria-label={`Confirm removing ${student.displayName}`}>
												<span>
													Remove {student.displayName} from this class? {REMOVAL_EFFECT}
												</span>
												<button type="button" className="button danger" disabled={removal.busy} onClick={() => void remove(student)}>
													{removal.busy ? "Removing…" : "Remove from class"}
												</button>
												<button type="button" className="button" disabled={removal.busy} onClick={() => setConfirming(undefined)}>
													Cancel
												</button>
												{removal.error !== undefined && <Alert>{removal.error}</Alert>}
											</fieldset>
										) : (
											<button
												type="button"
												className="button small"
												onClick={() => {
													removal.setError(undefined);
													setConfirming(student.userId);
												}}
												aria-label={`Remove ${student.displayName} from the class`}
											>
												Remove
											</button>
										)}
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
		</section>
	);
}
