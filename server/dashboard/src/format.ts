/**
 * Every date the dashboard shows goes through here, in the school's time zone (its setting, sent with /v1/me):
 * a teacher abroad and the school's office read the same times. The wire carries ISO 8601 UTC. Before anyone is
 * signed in (sign-in, invitation pages) no school is known, and the reader's own zone is used.
 */
let schoolTimeZone: string | undefined;

/** Set by the app whenever it knows who is signed in (and so which school's zone applies). */
export function setSchoolTimeZone(timeZone: string | undefined): void {
	schoolTimeZone = timeZone;
}

export function currentTimeZone(): string {
	return schoolTimeZone ?? readerTimeZone();
}

function readerTimeZone(): string {
	return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * "7 Dec 2026, 08:05", with the zone's abbreviation ("7 Dec 2026, 08:05 CST") when the reader's own clock is in
 * another zone: that is when a bare time would be read wrongly.
 */
export function formatTime(iso: string | undefined): string {
	if (iso === undefined) return "—";
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return iso;
	const timeZone = currentTimeZone();
	return date.toLocaleString(undefined, {
		year: "numeric",
		month: "short",
		day: "numeric",
		hour: "numeric",
		minute: "2-digit",
		timeZone,
		...(timeZone === readerTimeZone() ? {} : { timeZoneName: "short" }),
	});
}

/** The zone as a person reads it in a sentence: "America/Chicago (CST)", "UTC". */
export function describeTimeZone(timeZone: string, at: Date = new Date()): string {
	const abbreviation = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" }).formatToParts(at).find((part) => part.type === "timeZoneName")?.value;
	return abbreviation === undefined || abbreviation === timeZone ? timeZone.replaceAll("_", " ") : `${timeZone.replaceAll("_", " ")} (${abbreviation})`;
}

/** Milliseconds `timeZone`'s clock is ahead of UTC at `instant`. */
function offsetAt(instant: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat("en-US", {
		timeZone,
		hourCycle: "h23",
		year: "numeric",
		month: "2-digit",
		day: "2-digit",
		hour: "2-digit",
		minute: "2-digit",
		second: "2-digit",
	}).formatToParts(instant);
	const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
	const wall = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
	return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * A calendar day (YYYY-MM-DD, as a date field gives it) as the instant it starts in the school's time zone, `days`
 * later for the end of a range; undefined when the text is no date.
 */
export function dayStartInSchoolZone(day: string, days = 0): string | undefined {
	const [year, month, date] = day.split("-").map(Number);
	if (year === undefined || month === undefined || date === undefined || [year, month, date].some(Number.isNaN)) return undefined;
	const wall = Date.UTC(year, month - 1, date + days);
	const timeZone = currentTimeZone();
	// The offset at the guess, then at the answer: a daylight-saving change that day moves midnight by its size.
	let instant = wall - offsetAt(wall, timeZone);
	instant = wall - offsetAt(instant, timeZone);
	return new Date(instant).toISOString();
}

export function formatWait(seconds: number): string {
	if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
	const minutes = Math.ceil(seconds / 60);
	return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
