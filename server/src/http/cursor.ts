import { isUuid } from "@toolboxai/shared/node";
import { AppError } from "../errors/app-error";

/**
 * The one codec for list cursors: the position after a page's last row, opaque to clients (base64url of a JSON
 * array: the tag, then the fields in the shape's order). The tag names the list and the cursor's version, so a
 * cursor of another list, or of an older layout, is refused like garbage rather than misread.
 */

/** How a cursor field is checked when it comes back. */
export type CursorField =
	/** A row id. */
	| "uuid"
	/** A timestamp exactly as Postgres prints it (microseconds: a JS Date would round them away and skip rows). */
	| "timestamp"
	/** Any text the service put there (e.g. a lesson step id). */
	| "text";

export type CursorShape<T> = { readonly [K in keyof T]: CursorField };

export interface CursorCodec<T extends Record<string, string>> {
	encode(position: T): string;
	/** The position, or 400 bad_request for anything this codec did not make. */
	decode(cursor: string): T;
}

/** Cursors fit in the ?cursor= parameter (512 characters); this leaves room for the base64 growth of long text. */
const MAX_CURSOR_LENGTH = 512;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2})?|Z)$/;

function fieldMatches(kind: CursorField, value: unknown): boolean {
	if (typeof value !== "string") return false;
	if (kind === "uuid") return isUuid(value);
	if (kind === "timestamp") return TIMESTAMP.test(value);
	return true;
}

function invalidCursor(): AppError {
	return new AppError("bad_request", "The cursor is not one this service gave out: start again without it.");
}

export function cursorCodec<T extends Record<string, string>>(tag: string, shape: CursorShape<T>): CursorCodec<T> {
	const keys = Object.keys(shape) as Array<keyof T & string>;
	return {
		encode(position) {
			return Buffer.from(JSON.stringify([tag, ...keys.map((key) => position[key])]), "utf8").toString("base64url");
		},
		decode(cursor) {
			if (cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) throw invalidCursor();
			let parts: unknown;
			try {
				parts = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
			} catch {
				throw invalidCursor();
			}
			if (!Array.isArray(parts) || parts.length !== keys.length + 1 || parts[0] !== tag) throw invalidCursor();
			const position: Record<string, string> = {};
			for (const [index, key] of keys.entries()) {
				const value: unknown = parts[index + 1];
				if (!fieldMatches(shape[key], value)) throw invalidCursor();
				position[key] = value as string;
			}
			return position as T;
		},
	};
}

/**
 * One page from rows read with LIMIT page size + 1: the first `limit` rows as items, and the cursor after the last of
 * them when the extra row shows there is more.
 */
export function pageOf<R, I>(rows: ReadonlyArray<R>, limit: number, toItem: (row: R) => I, cursorAfter: (last: R) => string): { items: I[]; nextCursor?: string } {
	const kept = rows.slice(0, limit);
	const last = kept[kept.length - 1];
	return { items: kept.map(toItem), ...(rows.length > limit && last !== undefined ? { nextCursor: cursorAfter(last) } : {}) };
}
