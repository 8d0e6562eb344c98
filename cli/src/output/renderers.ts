import { formatCount, formatRowLine, type ProgressRenderer, type ProgressRow, type RowStatus } from "./progress";

export interface TextSink {
	write(text: string): unknown;
}

/** Counts above this print only each tenth done while running: 5,000 hashed files are not 5,000 log lines. */
export const LINE_PER_ITEM_MAX = 20;

/** What must change for a row to get a new line: its text, or for a long count only its tenth. */
function lineKey(row: ProgressRow, line: string): string {
	if (row.status !== "running" || row.total === undefined || row.total <= LINE_PER_ITEM_MAX) return line;
	return `${row.status} ${Math.floor(((row.done ?? 0) * 10) / row.total)} ${row.detail ?? ""}`;
}

/** Not a terminal (CI logs): one line each time a row changes, nothing when it did not. */
export class LineRenderer implements ProgressRenderer {
	private readonly printed = new Map<string, string>();

	constructor(private readonly out: TextSink) {}

	update(rows: ReadonlyArray<ProgressRow>): void {
		for (const row of rows) {
			const line = formatRowLine(row);
			const key = lineKey(row, line);
			if (this.printed.get(row.key) === key) continue;
			this.printed.set(row.key, key);
			this.out.write(`${line}\n`);
		}
	}

	note(text: string): void {
		this.out.write(`${text}\n`);
	}

	finish(): void {}
}

const MAX_LABEL_WIDTH = 28;

const MARKS: Readonly<Record<RowStatus, string>> = { pending: "·", running: "…", done: "✓", skipped: "-", failed: "✗" };

/** The block a terminal shows: one aligned line per row. */
export function formatBlock(rows: ReadonlyArray<ProgressRow>, columns: number): string[] {
	// Labels are short; a long one must not push every status off the line.
	const width = Math.min(MAX_LABEL_WIDTH, Math.max(0, ...rows.map((row) => row.label.length)));
	return rows.map((row) => {
		const count = formatCount(row);
		const detail = row.detail !== undefined && row.detail !== row.status ? `  ${row.detail}` : "";
		const line = `${MARKS[row.status]} ${row.label.padEnd(width)}  ${row.status.padEnd(7)}${count === "" ? "" : ` ${count}`}${detail}`;
		// A wrapped line would break the redraw (it counts lines): cut to the terminal's width.
		return line.length > columns - 1 ? `${line.slice(0, Math.max(0, columns - 2))}…` : line;
	});
}

/** A terminal: the whole block redrawn in place (cursor up, clear to the end) on each change. */
export class TtyRenderer implements ProgressRenderer {
	private drawn = 0;
	private last = "";

	constructor(
		private readonly out: TextSink,
		private readonly columns: () => number,
	) {}

	update(rows: ReadonlyArray<ProgressRow>): void {
		const lines = formatBlock(rows, this.columns());
		const text = lines.join("\n");
		if (text === this.last) return;
		this.last = text;
		this.out.write(`${this.erase()}${text}\n`);
		this.drawn = lines.length;
	}

	note(text: string): void {
		// Above the block: erase it, print the note, draw the block again below.
		const block = this.last;
		this.out.write(`${this.erase()}${text}\n${block === "" ? "" : `${block}\n`}`);
	}

	finish(): void {
		this.drawn = 0;
		this.last = "";
	}

	private erase(): string {
		return this.drawn === 0 ? "" : `\x1b[${this.drawn}A\r\x1b[J`;
	}
}

/** --json: progress is not shown at all (stdout carries only the final JSON). */
export class SilentRenderer implements ProgressRenderer {
	update(): void {}
	note(): void {}
	finish(): void {}
}
