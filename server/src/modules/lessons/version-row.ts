import type { LessonContent, LessonVersion, LessonVersionSummary } from "@toolboxai/shared";

export interface VersionRow {
	readonly lesson_id: string;
	readonly version: string;
	readonly content_hash: string;
	readonly author_user_id: string;
	readonly created_at: Date;
	readonly content?: LessonContent;
	/** When the version was first published (lesson_publications), when the query joins it; null if never. */
	readonly published_at?: Date | null;
}

export const VERSION_SUMMARY_COLUMNS = "lesson_id, version, content_hash, author_user_id, created_at";
export const VERSION_COLUMNS = `${VERSION_SUMMARY_COLUMNS}, content`;

export function toVersionSummary(row: VersionRow): LessonVersionSummary {
	return {
		lessonId: row.lesson_id,
		version: row.version,
		contentHash: row.content_hash,
		authorUserId: row.author_user_id,
		createdAt: row.created_at.toISOString(),
		...(row.published_at === undefined || row.published_at === null ? {} : { publishedAt: row.published_at.toISOString() }),
	};
}

export function toVersion(row: VersionRow): LessonVersion {
	if (row.content === undefined) throw new Error("toVersion needs the content column");
	return { ...toVersionSummary(row), content: row.content };
}
