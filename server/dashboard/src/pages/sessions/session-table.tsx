import type { SessionSummary } from "@toolboxai/shared";
import { SessionRow } from "./session-row";

export function SessionTable({
	caption,
	sessions,
	showPerson,
	onEnded,
}: {
	caption: string;
	sessions: SessionSummary[];
	showPerson: boolean;
	onEnded: (session: SessionSummary) => void;
}) {
	return (
		<div className="table-wrap">
			<table>
				<caption className="visually-hidden">{caption}</caption>
				<thead>
					<tr>
						<th scope="col">Session</th>
						<th scope="col">Kind</th>
						{showPerson && <th scope="col">Person</th>}
						<th scope="col">Signed in</th>
						<th scope="col">Last used</th>
						<th scope="col">Ends</th>
						<th scope="col">
							<span className="visually-hidden">Actions</span>
						</th>
					</tr>
				</thead>
				<tbody>
					{sessions.map((session) => (
						<SessionRow key={session.id} session={session} showPerson={showPerson} onEnded={onEnded} />
					))}
				</tbody>
			</table>
		</div>
	);
}
