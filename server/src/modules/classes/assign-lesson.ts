import type { Assignment } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { AppError } from "../../errors/app-error";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { auditedBy, recordAudit } from "../audit";
import { toAssignment, type AssignmentRow } from "./assignment-row";
import { loadClass } from "./class-access";

export interface AssignLessonInput {
	readonly classId: string;
	readonly lessonId: string;
	readonly version: string;
}

/**
 * Assigns a published version of one of the school's lessons to a class the caller manages: the version the lesson
 * publishes now or one it published before (going back); a version only uploaded, or any version of a lesson that is
 * archived or was never published, cannot be. Assigning the same lesson again replaces the version. Another
 * school's lesson is not found (row-level security hides it).
 */
export async function assignLesson(deps: Pick<AppDependencies, "infra">, caller: UserCaller, input: AssignLessonInput): Promise<{ assignment: Assignment; created: boolean }> {
	const db = deps.infra.db;
	const { classId } = input;
	return withTenant(db, caller.tenantId, async (transaction) => {
		const klass = await loadClass(db, transaction, caller, classId, { lock: true });
		if (klass.archived_at !== null) throw new AppError("conflict", "This class is archived: restore it before assigning lessons.");
		const [lesson] = await db.query<{ title: string; status: string; published_version: string | null; has_version: boolean; was_published: boolean }>(
			`SELECT l.title, l.status, l.published_version,
			        EXISTS (SELECT 1 FROM lesson_versions v WHERE v.tenant_id = l.tenant_id AND v.lesson_id = l.id AND v.version = $3) AS has_version,
			        (l.published_version = $3 OR EXISTS (SELECT 1 FROM lesson_publications p WHERE p.tenant_id = l.tenant_id AND p.lesson_id = l.id AND p.version = $3)) AS was_published
			 FROM lessons l WHERE l.tenant_id = $1 AND l.id = $2`,
			{ bind: [caller.tenantId, input.lessonId, input.version], type: QueryTypes.SELECT, transaction },
		);
		if (lesson === undefined) throw new AppError("not_found", "No such lesson.");
		if (!lesson.has_version) throw new AppError("not_found", "This lesson has no such version.");
		if (lesson.status !== "published" || !lesson.was_published) {
			throw new AppError("validation_failed", "Only a version the lesson has published can be assigned.", {
				issues: [
					{
						path: "/version",
						code: "not_published",
						message:
							lesson.published_version === null || lesson.status !== "published"
								? "the lesson is not published"
								: `this version was never published; the published version is ${lesson.published_version}`,
					},
				],
			});
		}
		const [row] = await db.query<AssignmentRow & { inserted: boolean }>(
			`INSERT INTO class_assignments (tenant_id, class_id, lesson_id, lesson_version, assigned_by) VALUES ($1, $2, $3, $4, $5)
			 ON CONFLICT (class_id, lesson_id) DO UPDATE SET lesson_version = EXCLUDED.lesson_version, assigned_by = EXCLUDED.assigned_by, assigned_at = now()
			 RETURNING class_id, lesson_id, lesson_version, assigned_by, assigned_at, $6::text AS lesson_title, (xmax = 0) AS inserted`,
			{ bind: [caller.tenantId, classId, input.lessonId, input.version, caller.actor.userId, lesson.title], type: QueryTypes.SELECT, transaction },
		);
		const assigned = row as AssignmentRow & { inserted: boolean };
		await recordAudit(
			db,
			{ action: "class.assignment_added", ...auditedBy(caller), targetType: "class", targetId: classId, details: { lessonId: input.lessonId, version: input.version } },
			{ transaction },
		);
		return { assignment: toAssignment(assigned), created: assigned.inserted };
	});
}
