import { AppError } from "../../http/app-error";

/** The position after a page's last row: (student, lesson, step). Opaque to clients: base64url of JSON. */
export interface ProgressPosition {
	readonly studentUserId: string;
	readonly lessonId: string;
	readonly stepId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeProgressCursor(position: ProgressPosition): string {
	return Buffer.from(JSON.stringify(["p1", position.studentUserId, position.lessonId, position.stepId]), "utf8").toString("base64url");
}

export function decodeProgressCursor(cursor: string): ProgressPosition {
	const invalid = () => new AppError("bad_request", "The cursor is not one this service gave out: start again without it.");
	if (cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
	let parts: unknown;
	try {
		parts = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
	} catch {
		throw invalid();
	}
	if (!Array.isArray(parts) || parts.length !== 4 || parts[0] !== "p1" || !parts.slice(1).every((part) => typeof part === "string")) throw invalid();
	const [, studentUserId, lessonId, stepId] = parts as string[];
	if (!UUID.test(studentUserId as string)) throw invalid();
	return { studentUserId: studentUserId as string, lessonId: lessonId as string, stepId: stepId as string };
}
