import { listRoster } from "../../../api/classes";
import { Alert, Loading } from "../../../components/page";
import { formatTime } from "../../../format";
import { useLoad } from "../../../hooks/use-load";
import { classError } from "../class-error";

/** Students on the class's roster: they join in game with the join code, so there is nothing to add here. */
export function Roster({ classId, refreshKey }: { classId: string; refreshKey: number }) {
	const roster = useLoad(() => listRoster(classId), [classId, refreshKey], classError);
	const items = roster.data;

	return (
		<section aria-labelledby="roster-title">
			<h2 id="roster-title">Roster</h2>
			{roster.error !== undefined && <Alert>{roster.error}</Alert>}
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
							</tr>
						</thead>
						<tbody>
							{items.map((student) => (
								<tr key={student.userId} data-testid="roster-row">
									<th scope="row">{student.displayName}</th>
									<td>{student.robloxUserId ?? "—"}</td>
									<td>{formatTime(student.joinedAt)}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
		</section>
	);
}
