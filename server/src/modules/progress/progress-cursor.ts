import { AppError } from "../../http/app-error";

/** The position after a page's last row: (student, lesson, step). Opaque to clients: base64url of JSON. */
export interface ProgressPosition {
	readonly studentUserId: string;
	readonly lessonId: string;
	readonly stepId: string;
}

/** The position after a lesson rollup page's last row: (student, lesson). */
export interface LessonPosition {
	readonly studentUserId: string;
	readonly lessonId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function encode(parts: string[]): string {
	return Buffer.from(JSON.stringify(parts), "utf8").toString("base64url");
}

/** The cursor's parts after its tag; a cursor of the other view (another tag) is refused like garbage. */
function decode(cursor: string, tag: string, count: number): string[] {
	const invalid = () => new AppError("bad_request", "The cursor is not one this service gave out: start again without it.");
	if (cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
	let parts: unknown;
	try {
		parts = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
	} catch {
		throw invalid();
	}
	if (!Array.isArray(parts) || parts.length !== count + 1 || parts[0] !== tag || !parts.slice(1).every((part) => typeof part === "string")) throw invalid();
	const rest = parts.slice(1) as string[];
	if (!UUID.test(rest[0] as string)) throw invalid();
	return rest;
}

export function encodeProgressCursor(position: ProgressPosition): string {
	return encode(["p1", position.studentUserId, position.lessonId, position.stepId]);
}

export function decodeProgressCursor(cursor: string): ProgressPosition {
	const [studentUserId, lessonId, stepId] = decode(cursor, "p1", 3) as [string, string, string];
	return { studentUserId, lessonId, stepId };
}

export function encodeLessonCursor(position: LessonPosition): string {
	return encode(["l1", position.studentUserId, position.lessonId]);
}

export function decodeLessonCursor(cursor: string): LessonPosition {
	const [studentUserId, lessonId] = decode(cursor, "l1", 2) as [string, string];
	if (!UUID.test(lessonId)) throw new AppError("bad_request", "The cursor is not one this service gave out: start again without it.");
	return { studentUserId, lessonId };
}
