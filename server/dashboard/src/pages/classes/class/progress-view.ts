import type { LessonProgress } from "@toolboxai/shared";
import { csvCell } from "../../audit/audit-csv";
import { formatDuration, points } from "./progress-format";

/** The columns a teacher sorts the progress table by (each a column of the table). */
export type SortKey = "student" | "lesson" | "steps" | "score" | "completed" | "time";
export type SortDirection = "ascending" | "descending";
export type CompletedFilter = "all" | "completed" | "not_completed";

/** What the table shows of the loaded rows: filters and one sort column. */
export interface ProgressView {
	readonly student: string;
	/** A lesson id, or "" for every lesson. */
	readonly lessonId: string;
	readonly completed: CompletedFilter;
	readonly sort: SortKey;
	readonly direction: SortDirection;
}

export const DEFAULT_VIEW: ProgressView = { student: "", lessonId: "", completed: "all", sort: "student", direction: "ascending" };

/** One row as the table shows it: the numbers and the words, so the table and the CSV cannot differ. */
export interface ShownRow {
	readonly row: LessonProgress;
	readonly lesson: string;
	readonly steps: string;
	readonly score: string;
	readonly completed: string;
	readonly time: string;
}

const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
const text = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

const ORDER: Record<SortKey, (a: ShownRow, b: ShownRow) => number> = {
	student: (a, b) => text.compare(a.row.displayName, b.row.displayName),
	lesson: (a, b) => text.compare(a.lesson, b.lesson),
	steps: (a, b) => ratio(a.row.stepsCompleted, a.row.totalSteps) - ratio(b.row.stepsCompleted, b.row.totalSteps),
	score: (a, b) => ratio(a.row.score, a.row.maxScore) - ratio(b.row.score, b.row.maxScore),
	completed: (a, b) => Number(a.row.completed) - Number(b.row.completed),
	time: (a, b) => a.row.timeMs - b.row.timeMs,
};

export function shownRow(row: LessonProgress, titles: ReadonlyMap<string, string> | undefined): ShownRow {
	return {
		row,
		lesson: titles?.get(row.lessonId) ?? "Lesson",
		steps: `${row.stepsCompleted}/${row.totalSteps}`,
		score: `${points(row.score)}/${points(row.maxScore)}`,
		completed: row.completed ? "Yes" : "No",
		time: formatDuration(row.timeMs),
	};
}

/**
 * The loaded rows the filters keep, in the chosen order; ties keep student then lesson order, so the order never
 * depends on how the pages arrived.
 */
export function shownRows(rows: ReadonlyArray<LessonProgress>, titles: ReadonlyMap<string, string> | undefined, view: ProgressView): ShownRow[] {
	const needle = view.student.trim().toLocaleLowerCase();
	const kept = rows
		.filter((row) => needle === "" || row.displayName.toLocaleLowerCase().includes(needle))
		.filter((row) => view.lessonId === "" || row.lessonId === view.lessonId)
		.filter((row) => view.completed === "all" || row.completed === (view.completed === "completed"))
		.map((row) => shownRow(row, titles));
	const sign = view.direction === "ascending" ? 1 : -1;
	return kept.sort((a, b) => sign * ORDER[view.sort](a, b) || ORDER.student(a, b) || ORDER.lesson(a, b));
}

const CSV_COLUMNS: ReadonlyArray<[string, (shown: ShownRow) => string]> = [
	["Student", (s) => s.row.displayName],
	["Lesson", (s) => s.lesson],
	["Version", (s) => s.row.version],
	["Steps", (s) => s.steps],
	["Score", (s) => s.score],
	["Completed", (s) => s.completed],
	["Time", (s) => s.time],
];

/** The rows the table shows, in its order, with the words it shows them in. */
export function progressCsv(rows: ReadonlyArray<ShownRow>): string {
	const lines = [CSV_COLUMNS.map(([title]) => csvCell(title)), ...rows.map((shown) => CSV_COLUMNS.map(([, read]) => csvCell(read(shown))))];
	return `${lines.map((cells) => cells.join(",")).join("\r\n")}\r\n`;
}
