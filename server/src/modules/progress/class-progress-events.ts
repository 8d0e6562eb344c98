import { classChannel, REALTIME_EVENTS, type ClassProgressChangedEvent } from "@toolboxai/shared";
import type { Logger } from "pino";
import { QueryTypes } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import type { Infrastructure, RealtimePublisher } from "../../infrastructure.types";
import { type CoalesceClock, Coalescer } from "../../integrations/realtime/coalescer";
import type { TouchedLesson } from "./aggregate-progress";

/** One class-progress event per class per window, whatever the number of students and folds in it. */
export const CLASS_PROGRESS_WINDOW_MS = 2_000;
const MAX_LESSON_IDS = 20;

interface ClassChange {
	readonly lessonIds: ReadonlySet<string>;
	readonly events: number;
}

function merge(earlier: ClassChange, later: ClassChange): ClassChange {
	return { lessonIds: new Set([...earlier.lessonIds, ...later.lessonIds]), events: earlier.events + later.events };
}

export function classProgressEvent(classId: string, change: ClassChange, now: Date): ClassProgressChangedEvent {
	const lessonIds = [...change.lessonIds].sort();
	return {
		classId,
		lessonIds: lessonIds.slice(0, MAX_LESSON_IDS),
		truncated: lessonIds.length > MAX_LESSON_IDS,
		events: Math.max(1, change.events),
		windowEndedAt: now.toISOString(),
	};
}

export type ClassProgressAnnouncer = Coalescer<ClassChange>;

/** Coalesces per class and publishes on the class's channel when the window closes (best effort). */
export function classProgressAnnouncer(realtime: Pick<RealtimePublisher, "publish">, options: { clock?: CoalesceClock; now?: () => Date } = {}): ClassProgressAnnouncer {
	const now = options.now ?? (() => new Date());
	return new Coalescer<ClassChange>({
		windowMs: CLASS_PROGRESS_WINDOW_MS,
		merge,
		...(options.clock === undefined ? {} : { clock: options.clock }),
		flush: (classId, change) => void realtime.publish(classChannel(classId), REALTIME_EVENTS.classProgressChanged, classProgressEvent(classId, change, now())),
	});
}

const announcers = new WeakMap<object, ClassProgressAnnouncer>();

/** One announcer per publisher (per process), so every fold of this process shares the classes' windows. */
export function sharedClassProgressAnnouncer(realtime: Pick<RealtimePublisher, "publish">): ClassProgressAnnouncer {
	const existing = announcers.get(realtime);
	if (existing !== undefined) return existing;
	const created = classProgressAnnouncer(realtime);
	announcers.set(realtime, created);
	return created;
}

/**
 * After a fold committed: which classes the students whose progress moved belong to, and the lessons that moved for
 * each. Never throws: the numbers are stored, the event is a courtesy.
 */
export async function announceClassProgress(
	deps: { readonly infra: Pick<Infrastructure, "db">; readonly logger: Logger },
	announcer: ClassProgressAnnouncer,
	tenantId: string,
	touched: ReadonlyArray<TouchedLesson>,
): Promise<void> {
	if (touched.length === 0) return;
	const db = deps.infra.db;
	try {
		const rows = await withTenant(db, tenantId, (transaction) =>
			db.query<{ class_id: string; lesson_ids: string[]; events: number }>(
				`SELECT m.class_id, array_agg(DISTINCT k.lesson_id) AS lesson_ids, sum(k.events)::int AS events
				 FROM jsonb_to_recordset($2::jsonb) AS k(student_user_id uuid, lesson_id text, events int)
				 JOIN class_members m ON m.tenant_id = $1 AND m.user_id = k.student_user_id
				 GROUP BY m.class_id`,
				{
					bind: [tenantId, JSON.stringify(touched.map(({ student_user_id, lesson_id, events }) => ({ student_user_id, lesson_id, events })))],
					type: QueryTypes.SELECT,
					transaction,
				},
			),
		);
		for (const row of rows) announcer.add(row.class_id, { lessonIds: new Set(row.lesson_ids), events: row.events });
	} catch (error) {
		deps.logger.warn({ err: error, tenantId }, "could not announce class progress");
	}
}
