import { useEffect, useState } from "react";
import type { RosterEntry } from "@toolboxai/shared";
import { listRoster } from "../../api/classes";
import { Alert, Loading } from "../../components/page";
import { formatTime } from "../../format";
import { classError } from "../classes";

/** Students on the class's roster: they join in game with the join code, so there is nothing to add here. */
export function Roster({ classId, refreshKey }: { classId: string; refreshKey: number }) {
	const [items, setItems] = useState<RosterEntry[] | undefined>();
	const [error, setError] = useState<string | undefined>();
	useEffect(() => {
		listRoster(classId)
			.then((list) => {
				setItems(list);
				setError(undefined);
			})
			.catch((caught: unknown) => setError(classError(caught)));
	}, [classId, refreshKey]);

	return (
		<section aria-labelledby="roster-title">
			<h2 id="roster-title">Roster</h2>
			{error !== undefined && <Alert>{error}</Alert>}
			{items === undefined && error === undefined && <Loading label="Loading the roster…" />}
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
