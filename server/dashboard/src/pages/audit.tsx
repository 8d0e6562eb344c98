import { useEffect, useState } from "react";
import type { AuditEvent } from "@toolboxai/shared";
import { ApiError, describeError } from "../api/errors";
import { fetchAuditPage } from "../api/identity";
import { Alert, Loading, Page } from "../components/page";
import { formatTime } from "../format";

const ACTION_LABELS: Record<string, string> = {
	"auth.login": "Signed in",
	"auth.login_failed": "Failed sign-in",
	"auth.logout": "Signed out",
	"auth.password_reset": "Password reset",
	"apikey.created": "API key created",
	"apikey.revoked": "API key revoked",
	"device.approved": "Studio sign-in approved",
	"device.denied": "Studio sign-in denied",
	"member.role_changed": "Role changed",
	"environment.created": "Deployment environment created",
	"environment.updated": "Deployment environment changed",
	"environment.key_changed": "Open Cloud key changed",
	"environment.deleted": "Deployment environment deleted",
};

function actor(event: AuditEvent): string {
	if (event.actorUserId !== undefined) return `user ${event.actorUserId.slice(0, 8)}`;
	if (event.actorApiKeyId !== undefined) return `API key ${event.actorApiKeyId.slice(0, 8)}`;
	return "—";
}

export function AuditPage() {
	const [events, setEvents] = useState<AuditEvent[]>([]);
	const [cursor, setCursor] = useState<string | undefined>();
	const [state, setState] = useState<"loading" | "ready" | "more">("loading");
	const [error, setError] = useState<string | undefined>();

	const load = async (from?: string) => {
		setState(from === undefined ? "loading" : "more");
		setError(undefined);
		try {
			const page = await fetchAuditPage(from);
			// Pages come newest first; an older page goes below what is shown. Ids guard against an event shown twice.
			setEvents((current) => {
				const base = from === undefined ? [] : current;
				const seen = new Set(base.map((e) => e.id));
				return [...base, ...page.items.filter((e) => !seen.has(e.id))];
			});
			setCursor(page.nextCursor);
		} catch (caught) {
			setError(caught instanceof ApiError && caught.status === 403 ? "Only school administrators can read the audit log." : describeError(caught));
		} finally {
			setState("ready");
		}
	};
	useEffect(() => {
		void load();
	}, []);

	return (
		<Page title="Audit log" wide>
			<p className="lead">Security events in your school, newest first.</p>
			{error !== undefined && <Alert>{error}</Alert>}
			{state === "loading" && <Loading label="Loading events…" />}
			{state !== "loading" && events.length === 0 && error === undefined && <p className="muted">No events yet.</p>}
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
			{cursor !== undefined && (
				<button type="button" className="button" disabled={state === "more"} onClick={() => void load(cursor)}>
					{state === "more" ? "Loading…" : "Load older events"}
				</button>
			)}
		</Page>
	);
}
