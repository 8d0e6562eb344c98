import { useState } from "react";
import { ApiError, describeError } from "../../api/errors";
import { fetchAuditPage } from "../../api/identity";
import { Alert, Loading, Notice, Page } from "../../components/page";
import { formatTime } from "../../format";
import { useAction } from "../../hooks/use-action";
import { useLoad } from "../../hooks/use-load";
import { AuditFilterForm, NO_FILTERS, queryOf, type FilterDraft } from "./audit-filter-form";
import { auditCsv, downloadCsv, EXPORT_MAX_EVENTS, eventsToExport } from "./audit-csv";
import { AuditRow } from "./audit-row";

function refusal(caught: unknown): string {
	return caught instanceof ApiError && caught.status === 403 ? "Only school administrators can read the audit log." : describeError(caught);
}

export function AuditPage() {
	const [filters, setFilters] = useState<FilterDraft>(NO_FILTERS);
	const query = queryOf(filters);
	const log = useLoad(() => fetchAuditPage(query), [JSON.stringify(query)], refusal);
	const exporting = useAction();
	const [exportNote, setExportNote] = useState<string>();
	const events = log.data?.items ?? [];
	const cursor = log.data?.nextCursor;
	const filtered = Object.keys(query).length > 0;

	// Pages come newest first; an older page goes below what is shown. Ids guard against an event shown twice.
	const loadOlder = (from: string) =>
		log.extend(
			() => fetchAuditPage(query, from),
			(shown, older) => {
				const seen = new Set(shown.items.map((e) => e.id));
				return { items: [...shown.items, ...older.items.filter((e) => !seen.has(e.id))], nextCursor: older.nextCursor };
			},
		);

	// The export asks the service again for everything the filters select, not only the pages loaded here.
	const exportCsv = () =>
		exporting.run(async () => {
			setExportNote(undefined);
			const { events: selected, complete } = await eventsToExport(query);
			downloadCsv(`audit-log-${new Date().toISOString().slice(0, 10)}.csv`, auditCsv(selected));
			setExportNote(
				complete
					? `Exported ${selected.length} event${selected.length === 1 ? "" : "s"}.`
					: `Exported the newest ${EXPORT_MAX_EVENTS} events; narrow the filters (for example the dates) to export the rest.`,
			);
		});

	return (
		<Page title="Audit log" wide>
			<p className="lead">Security events in your school, newest first.</p>
			<AuditFilterForm applied={filters} onApply={setFilters} />
			{log.error !== undefined && <Alert>{log.error}</Alert>}
			{log.loading && <Loading label="Loading events…" />}
			{!log.loading && events.length === 0 && log.error === undefined && <p className="muted">{filtered ? "No events match these filters." : "No events yet."}</p>}
			{events.length > 0 && (
				<>
					<div className="actions">
						<button type="button" className="button" disabled={exporting.busy} onClick={() => void exportCsv()}>
							{exporting.busy ? "Exporting…" : filtered ? "Export these events (CSV)" : "Export all events (CSV)"}
						</button>
					</div>
					{exporting.error !== undefined && <Alert>{exporting.error}</Alert>}
					{exportNote !== undefined && <Notice>{exportNote}</Notice>}
					<div className="table-wrap">
						<table>
							<thead>
								<tr>
									<th scope="col">When</th>
									<th scope="col">What happened</th>
									<th scope="col">Technical details</th>
								</tr>
							</thead>
							<tbody>
								{events.map((event) => (
									<AuditRow key={event.id} event={event} when={formatTime(event.createdAt)} />
								))}
							</tbody>
						</table>
					</div>
				</>
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
