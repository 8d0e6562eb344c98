import { type Lesson, LessonPage } from "@toolboxai/shared";
import type { LessonApi } from "./lesson-calls";

/** Pages asked for at most: 10 pages of 100 is more lessons than one teacher writes; a runaway cursor stops here. */
export const MAX_LESSON_PAGES = 10;
/** The service's largest page (server LESSON_PAGE_MAX): fewest round trips. */
export const LESSON_PAGE_SIZE = 100;

export type ListLessonsResult =
	/** `truncated`: the service had more after MAX_LESSON_PAGES pages; the list shows the newest. */
	| { readonly ok: true; readonly lessons: Array<Lesson>; readonly truncated: boolean }
	| { readonly ok: false; readonly reason: "offline" | "signed_out" | "failed"; readonly message: string };

/** Percent-encodes a query value (cursors are base64url today, but they are opaque: nothing may break the URL). */
function queryValue(text: string): string {
	const [encoded] = text.gsub("[^%w%-_%.~]", (c: string) => string.format("%%%02X", string.byte(c)[0]));
	return encoded;
}

/**
 * The signed-in teacher's lessons (GET /v1/lessons?owner=me, newest first), following nextCursor. Each reply is
 * checked against the shared LessonPage (unknown fields stripped by SignIn.call). Failures are plain words.
 */
export function listMyLessons(api: LessonApi, options: { readonly pageSize?: number; readonly maxPages?: number } = {}): ListLessonsResult {
	if (api.session() === undefined) return { ok: false, reason: "signed_out", message: "Sign in to ToolBoxAI to see your lessons." };
	const pageSize = options.pageSize ?? LESSON_PAGE_SIZE;
	const maxPages = options.maxPages ?? MAX_LESSON_PAGES;
	const lessons = new Array<Lesson>();
	const cursors = new Set<string>();
	let cursor: string | undefined;
	for (let page = 1; page <= maxPages; page++) {
		const path = `/v1/lessons?owner=me&limit=${pageSize}${cursor === undefined ? "" : `&cursor=${queryValue(cursor)}`}`;
		const got = api.call({ path, method: "GET", schema: LessonPage });
		if (!got.ok) {
			if (got.kind === "unreachable") return { ok: false, reason: "offline", message: `Listing your lessons failed: ${got.message}` };
			if (got.kind === "service_error" && got.status === 401) {
				return { ok: false, reason: "signed_out", message: "Your ToolBoxAI sign-in has ended. Sign in again to see your lessons." };
			}
			const status = got.kind === "service_error" ? ` (HTTP ${got.status}, ${got.code})` : "";
			return { ok: false, reason: "failed", message: `Listing your lessons failed: ${got.message}${status}` };
		}
		for (const lesson of got.value.items) lessons.push(lesson);
		cursor = got.value.nextCursor;
		if (cursor === undefined) return { ok: true, lessons, truncated: false };
		// A cursor handed out twice would loop for ever: the service is broken, say so rather than spin.
		if (cursors.has(cursor)) return { ok: false, reason: "failed", message: "Listing your lessons failed: the server sent the same page twice." };
		cursors.add(cursor);
	}
	return { ok: true, lessons, truncated: true };
}
