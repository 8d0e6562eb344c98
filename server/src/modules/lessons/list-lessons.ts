import type { LessonPage, LessonStatus } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { cursorCodec } from "../../http/cursor";
import { LESSON_COLUMNS, type LessonRow, toLesson } from "./lesson-row";

export const LESSON_PAGE_DEFAULT = 25;
export const LESSON_PAGE_MAX = 100;

export interface LessonFilters {
	/** Without it, archived lessons are left out (ask for status=archived to see them). */
	readonly status?: LessonStatus;
	readonly subject?: string;
	readonly gradeBand?: string;
	/** Only the caller's own lessons (owner=me). */
	readonly mine?: boolean;
	/** Case-insensitive substring of the title. */
	readonly q?: string;
}

export interface LessonListInput extends LessonFilters {
	readonly cursor?: string;
	readonly limit?: number;
}

/** Where the next page starts: the last lesson's created_at (exact, microseconds) and id. */
const lessonCursor = cursorCodec<{ createdAt: string; id: string }>("l1", { createdAt: "timestamp", id: "uuid" });

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
function likePattern(text: string): string {
	return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** One page of the school's lessons, newest first. */
export async function listLessons(deps: Pick<AppDependencies, "infra">, caller: UserCaller, input: LessonListInput): Promise<LessonPage> {
	const db = deps.infra.db;
	const limit = Math.min(Math.max(input.limit ?? LESSON_PAGE_DEFAULT, 1), LESSON_PAGE_MAX);
	const after = input.cursor === undefined ? undefined : lessonCursor.decode(input.cursor);
	return withTenant(db, caller.tenantId, async (transaction) => {
		const rows = await db.query<LessonRow>(
			`SELECT ${LESSON_COLUMNS} FROM lessons
			 WHERE tenant_id = $1
			   AND (CASE WHEN $2::text IS NULL THEN status <> 'archived' ELSE status = $2::text END)
			   AND ($3::text IS NULL OR subject = $3::text)
			   AND ($4::uuid IS NULL OR owner_user_id = $4::uuid)
			   AND ($5::text IS NULL OR title ILIKE $5::text)
			   AND ($9::text IS NULL OR grade_band = $9::text)
			   AND ($6::timestamptz IS NULL OR (created_at, id) < ($6::timestamptz, $7::uuid))
			 ORDER BY created_at DESC, id DESC
			 LIMIT $8`,
			{
				bind: [
					caller.tenantId,
					input.status ?? null,
					input.subject ?? null,
					input.mine === true ? caller.actor.userId : null,
					input.q === undefined ? null : likePattern(input.q),
					after?.createdAt ?? null,
					after?.id ?? null,
					limit + 1,
					input.gradeBand ?? null,
				],
				type: QueryTypes.SELECT,
				transaction,
			},
		);
		const items = rows.slice(0, limit);
		const last = items[items.length - 1];
		return {
			items: items.map(toLesson),
			...(rows.length > limit && last !== undefined ? { nextCursor: lessonCursor.encode({ createdAt: last.created_at_exact, id: last.id }) } : {}),
		};
	});
}
