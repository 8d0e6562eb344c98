import type { AuditEvent } from "@toolboxai/shared";
import { fetchAuditPage, type AuditQuery } from "../../api/identity";

/** The most events one export holds: 50 pages of 200. A bigger export says so and asks for narrower filters. */
export const EXPORT_MAX_EVENTS = 10_000;
const EXPORT_PAGE = 200;

/**
 * One CSV cell. A cell a spreadsheet would read as a formula (=, +, -, @, tab or carriage return first) gets a
 * leading apostrophe, so a name such as "=HYPERLINK(...)" stays text; then quoted when it holds a quote, comma or line break.
 */
export function csvCell(value: string): string {
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const COLUMNS: ReadonlyArray<[string, (event: AuditEvent) => string | undefined]> = [
	["When (UTC)", (e) => e.createdAt],
	["What happened", (e) => e.sentence],
	["Who", (e) => e.actorName],
	["Target", (e) => e.targetName],
	["Event", (e) => e.action],
	["IP", (e) => e.ip],
	["Request id", (e) => e.requestId],
];

export function auditCsv(events: ReadonlyArray<AuditEvent>): string {
	const lines = [COLUMNS.map(([title]) => csvCell(title)), ...events.map((event) => COLUMNS.map(([, read]) => csvCell(read(event) ?? "")))];
	return `${lines.map((cells) => cells.join(",")).join("\r\n")}\r\n`;
}

/** Every event the filters select, following the cursor, up to EXPORT_MAX_EVENTS. */
export async function eventsToExport(filters: AuditQuery): Promise<{ events: AuditEvent[]; complete: boolean }> {
	const events: AuditEvent[] = [];
	let cursor: string | undefined;
	do {
		const page = await fetchAuditPage(filters, cursor, EXPORT_PAGE);
		events.push(...page.items);
		cursor = page.nextCursor;
	} while (cursor !== undefined && events.length < EXPORT_MAX_EVENTS);
	return { events: events.slice(0, EXPORT_MAX_EVENTS), complete: cursor === undefined };
}

/** Hands the text to the browser as a file download. */
export function downloadCsv(fileName: string, csv: string): void {
	const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
	const link = document.createElement("a");
	link.href = url;
	link.download = fileName;
	document.body.append(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(url), 0);
}
