import type { ProgressEvent } from "@toolboxai/shared";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";

export interface ValidEvent {
	readonly index: number;
	readonly event: ProgressEvent;
	/** occurredAt as an ISO instant in UTC: Postgres refuses offsets beyond ±15:59, which RFC 3339 allows. */
	readonly occurredAt: string;
}

/** Who stores: the school, the batch and the key, bound into every insert. */
export interface StoreScope {
	readonly tenantId: string;
	readonly batchId: string;
	readonly apiKeyId: string;
}

export interface StoreOutcome {
	/** Roblox UserIds of the events that are students of the school. */
	readonly students: ReadonlySet<number>;
	/** Those of them whose processing the school restricted: their events are dropped, not stored. */
	readonly restricted: ReadonlySet<number>;
	/** Lesson ids of the events that are lessons of the school. */
	readonly lessons: ReadonlySet<string>;
	readonly inserted: number;
}

const NOTHING: StoreOutcome = { students: new Set(), restricted: new Set(), lessons: new Set(), inserted: 0 };

/**
 * Each event counts for a class and a lesson version: the ones it names when the student is on that class's roster,
 * otherwise (older game builds name neither) the student's class that has the lesson assigned (a class that is not
 * archived first, then the latest assignment) and that assignment's version; NULL when no class of theirs has it.
 * One statement checks the students and lessons and inserts the events whose both are known: a batch's cost is
 * mostly round trips and bytes, so the events go over once (as the stored payload) and the typed columns the
 * aggregation reads are taken from it in SQL. Inserted in event id order: two batches sharing events (in any order)
 * then wait on each other's rows in the same order instead of deadlocking.
 */
export async function insertEvents(db: Sequelize, transaction: Transaction, scope: StoreScope, events: ReadonlyArray<ValidEvent>): Promise<StoreOutcome> {
	if (events.length === 0) return NOTHING;
	const robloxIds = [...new Set(events.map((v) => v.event.robloxUserId))];
	const lessonIds = [...new Set(events.map((v) => v.event.lessonId))];
	const [outcome] = await db.query<{ students: string[] | null; restricted: string[] | null; lessons: string[] | null; inserted: number }>(
		`WITH known_students AS (
			SELECT u.id, u.roblox_user_id,
				EXISTS (SELECT 1 FROM privacy_processing_restrictions r WHERE r.tenant_id = $1 AND r.user_id = u.id) AS restricted
			FROM users u
			JOIN memberships m ON m.user_id = u.id AND m.tenant_id = $1 AND m.role = 'student'
			WHERE u.roblox_user_id = ANY($5::bigint[])
		), known_lessons AS (
			SELECT id::text AS id FROM lessons WHERE tenant_id = $1 AND id::text = ANY($6::text[])
		), inserted AS (
			INSERT INTO progress_events (tenant_id, event_id, batch_id, api_key_id, student_user_id, kind, lesson_id, step_id, correct, points,
				hints_used, timed_out, duration_ms, occurred_at, payload, class_id, lesson_version)
			SELECT $1, (e.p->>'eventId')::uuid, $2, $3, s.id, e.p->>'kind', e.p->>'lessonId', e.p->>'stepId',
				(e.p->'answer'->>'correct')::boolean, (e.p->'answer'->>'points')::double precision,
				CASE WHEN e.p->>'kind' = 'answer_submitted' THEN coalesce((e.p->>'hintsUsed')::integer, 0) END,
				CASE WHEN e.p->>'kind' = 'answer_submitted' THEN coalesce((e.p->>'timedOut')::boolean, false) END,
				CASE WHEN e.p->>'kind' = 'step_completed' THEN (e.p->>'durationMs')::bigint END,
				($7::timestamptz[])[e.n], e.p,
				coalesce(named.class_id, attributed.class_id),
				coalesce(e.p->>'version', CASE WHEN named.class_id IS NOT NULL THEN named.lesson_version ELSE attributed.lesson_version END)
			FROM jsonb_array_elements($4::jsonb) WITH ORDINALITY AS e(p, n)
			JOIN known_students s ON s.roblox_user_id = (e.p->>'robloxUserId')::bigint AND NOT s.restricted
			JOIN known_lessons l ON l.id = e.p->>'lessonId'
			LEFT JOIN LATERAL (
				SELECT m.class_id, a.lesson_version FROM class_members m
				LEFT JOIN class_assignments a ON a.class_id = m.class_id AND a.tenant_id = m.tenant_id AND a.lesson_id::text = l.id
				WHERE m.tenant_id = $1 AND m.user_id = s.id AND m.class_id = (e.p->>'classId')::uuid
			) named ON true
			LEFT JOIN LATERAL (
				SELECT a.class_id, a.lesson_version FROM class_assignments a
				JOIN class_members m ON m.class_id = a.class_id AND m.tenant_id = a.tenant_id AND m.user_id = s.id
				JOIN classes c ON c.id = a.class_id AND c.tenant_id = a.tenant_id
				WHERE a.tenant_id = $1 AND a.lesson_id::text = l.id
				ORDER BY c.archived_at IS NOT NULL, a.assigned_at DESC, a.class_id
				LIMIT 1
			) attributed ON true
			ORDER BY (e.p->>'eventId')::uuid
			ON CONFLICT (tenant_id, event_id) DO NOTHING
			RETURNING 1
		)
		SELECT (SELECT array_agg(roblox_user_id::text) FROM known_students) AS students,
			(SELECT array_agg(roblox_user_id::text) FROM known_students WHERE restricted) AS restricted,
			(SELECT array_agg(id) FROM known_lessons) AS lessons,
			(SELECT count(*)::int FROM inserted) AS inserted`,
		{
			bind: [scope.tenantId, scope.batchId, scope.apiKeyId, JSON.stringify(events.map((v) => v.event)), robloxIds, lessonIds, events.map((v) => v.occurredAt)],
			type: QueryTypes.SELECT,
			transaction,
		},
	);
	return {
		students: new Set((outcome?.students ?? []).map(Number)),
		restricted: new Set((outcome?.restricted ?? []).map(Number)),
		lessons: new Set(outcome?.lessons ?? []),
		inserted: outcome?.inserted ?? 0,
	};
}

/**
 * Whether Postgres refused the data itself (SQLSTATE classes 22 data exception, 23 integrity constraint, 54 program
 * limit): the same rows would fail again, so the batch is split to find them. Anything else (a lost connection,
 * a deadlock, a shutdown) fails the batch, and the game server retries it.
 */
export function isRefusedData(error: unknown): boolean {
	const code = sqlStateOf(error);
	return code !== undefined && (code.startsWith("22") || code.startsWith("23") || code.startsWith("54"));
}

export function sqlStateOf(error: unknown): string | undefined {
	const parent = (error as { parent?: { code?: unknown }; original?: { code?: unknown } } | undefined)?.parent ?? (error as { original?: { code?: unknown } })?.original;
	const code = parent?.code ?? (error as { code?: unknown } | undefined)?.code;
	return typeof code === "string" ? code : undefined;
}

export interface IsolatedOutcome extends StoreOutcome {
	/** The events Postgres refused on their own, with the SQLSTATE it gave. */
	readonly refused: ReadonlyArray<{ readonly event: ValidEvent; readonly sqlState: string }>;
}

/**
 * The last resort when the one INSERT of a batch was refused for its data (every refusal we know of is checked before,
 * by the contract): the events are inserted in halves, each half inside a savepoint, down to the single events
 * Postgres refuses. A batch with k such events costs about 2·k·log2(n) statements instead of one; the rest is stored.
 */
export async function insertIsolating(db: Sequelize, transaction: Transaction, scope: StoreScope, events: ReadonlyArray<ValidEvent>): Promise<IsolatedOutcome> {
	const students = new Set<number>();
	const restricted = new Set<number>();
	const lessons = new Set<string>();
	const refused: Array<{ event: ValidEvent; sqlState: string }> = [];
	let inserted = 0;
	const attempt = async (chunk: ReadonlyArray<ValidEvent>): Promise<void> => {
		if (chunk.length === 0) return;
		try {
			const outcome = await db.transaction({ transaction }, (savepoint) => insertEvents(db, savepoint, scope, chunk));
			for (const id of outcome.students) students.add(id);
			for (const id of outcome.restricted) restricted.add(id);
			for (const id of outcome.lessons) lessons.add(id);
			inserted += outcome.inserted;
		} catch (error) {
			if (!isRefusedData(error)) throw error;
			const [only] = chunk;
			if (chunk.length === 1 && only !== undefined) {
				refused.push({ event: only, sqlState: sqlStateOf(error) ?? "" });
				return;
			}
			const half = Math.ceil(chunk.length / 2);
			await attempt(chunk.slice(0, half));
			await attempt(chunk.slice(half));
		}
	};
	await attempt(events);
	return { students, restricted, lessons, inserted, refused };
}
