/**
 * What an export copies, one folder per kind of data. Each table is one SELECT over the school's rows (row-level
 * security scopes it to the school as well): `$1` is the school, `$2` the subject's member id (NULL: everyone),
 * `$3` the subject's normalised address (NULL: none). Times are ISO instants in UTC.
 * A new kind of personal data the service stores gets a table here, so exports (and the golden layout test) show it.
 */
export interface ExportTable {
	readonly folder: string;
	readonly name: string;
	readonly columns: ReadonlyArray<string>;
	readonly sql: string;
}

const at = (column: string, alias = column.replace(/^\w+\./, "")) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${alias}`;

export const EXPORT_TABLES: ReadonlyArray<ExportTable> = [
	{
		folder: "profile",
		name: "profile",
		columns: ["user_id", "display_name", "email", "roblox_user_id", "status", "created_at"],
		sql: `SELECT u.id AS user_id, u.display_name, u.email, u.roblox_user_id::text AS roblox_user_id, u.status, ${at("u.created_at")}
			FROM users u WHERE EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.tenant_id = $1) AND ($2::uuid IS NULL OR u.id = $2)
			ORDER BY u.created_at, u.id`,
	},
	{
		folder: "memberships",
		name: "memberships",
		columns: ["user_id", "role", "created_at"],
		sql: `SELECT m.user_id, m.role, ${at("m.created_at")} FROM memberships m WHERE m.tenant_id = $1 AND ($2::uuid IS NULL OR m.user_id = $2)
			ORDER BY m.created_at, m.user_id, m.role`,
	},
	{
		folder: "class-enrolments",
		name: "class-enrolments",
		columns: ["user_id", "as", "class_id", "class_name", "subject", "grade_band", "teacher_user_id", "since", "class_archived_at"],
		sql: `SELECT * FROM (
				SELECT cm.user_id, 'student' AS "as", c.id AS class_id, c.name AS class_name, c.subject, c.grade_band, c.teacher_user_id, ${at("cm.joined_at", "since")}, ${at("c.archived_at", "class_archived_at")}
				FROM class_members cm JOIN classes c ON c.id = cm.class_id AND c.tenant_id = cm.tenant_id
				WHERE cm.tenant_id = $1 AND ($2::uuid IS NULL OR cm.user_id = $2)
				UNION ALL
				SELECT c.teacher_user_id, 'teacher', c.id, c.name, c.subject, c.grade_band, c.teacher_user_id, ${at("c.created_at", "since")}, ${at("c.archived_at", "class_archived_at")}
				FROM classes c WHERE c.tenant_id = $1 AND ($2::uuid IS NULL OR c.teacher_user_id = $2)
			) enrolments ORDER BY since, class_id, user_id`,
	},
	{
		folder: "progress-events",
		name: "progress-events",
		columns: [
			"event_id",
			"student_user_id",
			"kind",
			"lesson_id",
			"lesson_version",
			"step_id",
			"class_id",
			"correct",
			"points",
			"hints_used",
			"timed_out",
			"duration_ms",
			"occurred_at",
			"received_at",
		],
		sql: `SELECT e.event_id, e.student_user_id, e.kind, e.lesson_id, e.lesson_version, e.step_id, e.class_id, e.correct, e.points, e.hints_used, e.timed_out,
				e.duration_ms::text AS duration_ms, ${at("e.occurred_at")}, ${at("e.received_at")}
			FROM progress_events e WHERE e.tenant_id = $1 AND ($2::uuid IS NULL OR e.student_user_id = $2)
			ORDER BY e.occurred_at, e.event_id`,
	},
	{
		folder: "progress-summaries",
		name: "lessons",
		columns: ["student_user_id", "lesson_id", "steps_completed", "score", "time_ms", "started_at", "completed_at", "first_seen_at", "last_seen_at"],
		sql: `SELECT s.student_user_id, s.lesson_id, s.steps_completed, s.score, s.time_ms::text AS time_ms, ${at("s.started_at")}, ${at("s.completed_at")},
				${at("s.first_seen_at")}, ${at("s.last_seen_at")}
			FROM progress_lesson_summaries s WHERE s.tenant_id = $1 AND ($2::uuid IS NULL OR s.student_user_id = $2)
			ORDER BY s.student_user_id, s.lesson_id`,
	},
	{
		folder: "progress-summaries",
		name: "steps",
		columns: [
			"student_user_id",
			"lesson_id",
			"step_id",
			"attempts",
			"correct",
			"points",
			"best_points",
			"hints_used",
			"timeouts",
			"time_ms",
			"completed",
			"first_seen_at",
			"last_seen_at",
		],
		sql: `SELECT s.student_user_id, s.lesson_id, s.step_id, s.attempts, s.correct, s.points, s.best_points, s.hints_used, s.timeouts, s.time_ms::text AS time_ms,
				s.completed, ${at("s.first_seen_at")}, ${at("s.last_seen_at")}
			FROM progress_step_summaries s WHERE s.tenant_id = $1 AND ($2::uuid IS NULL OR s.student_user_id = $2)
			ORDER BY s.student_user_id, s.lesson_id, s.step_id`,
	},
	{
		folder: "answers",
		name: "answers",
		columns: ["event_id", "student_user_id", "lesson_id", "lesson_version", "step_id", "answer", "correct", "points", "hints_used", "timed_out", "occurred_at"],
		sql: `SELECT e.event_id, e.student_user_id, e.lesson_id, e.lesson_version, e.step_id, e.payload->'answer' AS answer, e.correct, e.points, e.hints_used, e.timed_out,
				${at("e.occurred_at")}
			FROM progress_events e WHERE e.tenant_id = $1 AND e.kind = 'answer_submitted' AND ($2::uuid IS NULL OR e.student_user_id = $2)
			ORDER BY e.occurred_at, e.event_id`,
	},
	{
		folder: "audit",
		name: "audit",
		columns: ["event_id", "action", "actor_user_id", "actor_api_key_id", "target_type", "target_id", "details", "ip", "created_at"],
		sql: `SELECT a.id AS event_id, a.action, a.actor_user_id, a.actor_api_key_id, a.target_type, a.target_id, a.details, a.ip, ${at("a.created_at")}
			FROM audit_events a WHERE a.tenant_id = $1 AND ($2::uuid IS NULL OR a.actor_user_id = $2 OR a.target_id = $2::text
				OR a.details->>'userId' = $2::text OR a.details->>'studentUserId' = $2::text)
			ORDER BY a.created_at, a.id`,
	},
	{
		folder: "mail",
		name: "mail",
		columns: ["message_id", "to_address", "template", "category", "status", "created_at", "sent_at"],
		sql: `SELECT m.id AS message_id, m.to_address, m.template, m.category, m.status, ${at("m.created_at")}, ${at("m.sent_at")}
			FROM mail_messages m WHERE m.tenant_id = $1 AND ($2::uuid IS NULL OR ($3::text IS NOT NULL AND m.to_normalized = $3))
			ORDER BY m.created_at, m.id`,
	},
];
