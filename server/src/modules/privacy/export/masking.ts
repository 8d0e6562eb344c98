import { isUuid } from "@toolboxai/shared/node";
import type { ExportRow } from "./table-file";
import type { ExportScope } from "./export-scope";

const OTHER_PERSON = "another person";
const OTHER_ADDRESS = "another person's address";
const EMAIL = /[^\s@"]+@[^\s@"]+/;

/**
 * Hides other people in a one-person export: any member id that is not the subject's, any address that is not the
 * subject's, and the IP of events someone else caused. Member ids of the school are known (`memberIds`), so ids of
 * things (classes, lessons) stay readable. A whole-school export is returned as it is.
 */
export function maskOthers(scope: ExportScope, memberIds: ReadonlySet<string>): (row: ExportRow) => ExportRow {
	if (scope.subject.kind === "school") return (row) => row;
	const subject = scope.subject;
	const own = (value: string) => value === subject.userId || (subject.email !== null && value.toLowerCase() === subject.email.toLowerCase());
	const mask = (value: unknown): unknown => {
		if (typeof value === "string") {
			if (own(value)) return value;
			if (isUuid(value) && memberIds.has(value.toLowerCase())) return OTHER_PERSON;
			if (EMAIL.test(value)) return OTHER_ADDRESS;
			return value;
		}
		if (Array.isArray(value)) return value.map(mask);
		if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, mask(inner)]));
		return value;
	};
	return (row) => {
		const masked = mask(row) as Record<string, unknown>;
		if ("ip" in masked && row.actor_user_id !== subject.userId) masked.ip = null;
		if ("actor_api_key_id" in masked && masked.actor_api_key_id !== null) masked.actor_api_key_id = "a game server or tool of the school";
		return masked;
	};
}
