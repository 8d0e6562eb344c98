import { ApiError, describeError } from "../../api/errors";
import { fetchAuditPage } from "../../api/identity";
import { Alert, Loading, Page } from "../../components/page";
import { formatTime } from "../../format";
import { useLoad } from "../../hooks/use-load";
import { ACTION_LABELS, actor } from "./action-labels";

function refusal(caught: unknown): string {
	return caught instanceof ApiError && caught.status === 403 ? "Only school administrators can read the audit log." : describeError(caught);
}

export function AuditPage() {
	const log = useLoad(() => fetchAuditPage(), [], refusal);
	const events = log.data?.items ?? [];
	const cursor = log.data?.nextCursor;

	// Pages come newest first; an older page goes below what is shown. Ids guard against an event shown twice.
	const loadOlder = (from: string) =>
		log.extend(
			() => fetchAuditPage(from),
			(shown, older) => {
				const seen = new Set(shown.items.map((e) => e.id));
				return { items: [...shown.items, ...older.items.filter((e) => !seen.has(e.id))], nextCursor: older.nextCursor };
			},
		);

	return (
		<Page title="Audit log" wide>
			<p className="lead">Security events in your school, newest first.</p>
			{log.error !== undefined && <Alert>{log.error}</Alert>}
			{log.loading && <Loading label="Loading events…" />}
			{!log.loading && events.length === 0 && log.error === undefined && <p className="muted">No events yet.</p>}
			{events.length > 0 && (
				<div className="table-wrap">
					<table>
						<thead>
							<tr>
								<th scope="col">When</th>
								<th scope="col">Event</th>
								<th scope="col">By</th>
								<th scope="col">Target</th>
								<th scope="col">IP</th>
							</tr>
						</thead>
						<tbody>
							{events.map((event) => (
								<tr key={event.id} data-action={event.action}>
									<td>{formatTime(event.createdAt)}</td>
									<td>
										{ACTION_LABELS[event.action] ?? event.action} <code className="muted">{event.action}</code>
									</td>
									<td>{actor(event)}</td>
									<td>{event.targetType === undefined ? "—" : `${event.targetType}${event.targetId === undefined ? "" : ` ${event.targetId.slice(0, 12)}`}`}</td>
									<td>{event.ip ?? "—"}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
			{/* Shown once the first page is in: from then on the log is busy only with older events. */}
			{cursor !== undefined && (
				<button type="button" className="button" disabled={log.busy} onClick={() => void loadOlder(cursor)}>
					{log.busy ? "Loading…" : "Load older events"}
				</button>
			)}
		</Page>
	);
}
