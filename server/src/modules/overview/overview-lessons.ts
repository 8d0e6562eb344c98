import { OVERVIEW_LESSONS_MAX, type OverviewLesson } from "@toolboxai/shared";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";

/** How far back "recently published" looks: a bound on the audit rows read, whatever the school's history. */
const RECENT_DAYS = 30;

interface Row {
	lesson_id: string;
	title: string;
	version: string;
	published_at: Date;
}

/**
 * The school's latest publishes, newest first, one line per lesson (its latest publish). The time comes from the
 * audit log's lesson.published events (the lesson row keeps no publish time); lessons since deleted drop out.
 * School-wide for teachers too: every teacher may read and assign the school's lessons.
 */
export async function recentlyPublished(db: Sequelize, transaction: Transaction, tenantId: string): Promise<OverviewLesson[]> {
	const rows = await db.query<Row>(
		`SELECT lesson_id, title, version, published_at FROM (
			SELECT DISTINCT ON (l.id) l.id AS lesson_id, l.title, e.details->>'version' AS version, e.created_at AS published_at
			FROM audit_events e
			JOIN lessons l ON l.tenant_id = e.tenant_id AND l.id::text = e.target_id
			WHERE e.tenant_id = $1 AND e.action = 'lesson.published' AND e.target_type = 'lesson'
			  AND e.created_at > now() - make_interval(days => $2)
			  AND e.details->>'version' IS NOT NULL
			ORDER BY l.id, e.created_at DESC
		 ) latest
		 ORDER BY published_at DESC, lesson_id
		 LIMIT $3`,
		{ bind: [tenantId, RECENT_DAYS, OVERVIEW_LESSONS_MAX], type: QueryTypes.SELECT, transaction },
	);
	return rows.map((row) => ({ lessonId: row.lesson_id, title: row.title, version: row.version, publishedAt: new Date(row.published_at).toISOString() }));
}
