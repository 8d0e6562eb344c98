import type { StudentAnswer, StudentAnswerPage } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { cursorCodec, pageOf } from "../../http/cursor";
import { loadClass } from "../classes";
import { loadRosterStudent } from "./roster-student";

export const ANSWERS_PAGE_DEFAULT = 50;
export const ANSWERS_PAGE_MAX = 200;

/** The position after a page's last row: newest first, by when it happened and the event's id. */
const answerCursor = cursorCodec<{ occurredAt: string; eventId: string }>("sa1", { occurredAt: "timestamp", eventId: "uuid" });

interface StepContent {
	readonly prompt?: string;
	readonly question?: {
		readonly type?: string;
		readonly choices?: ReadonlyArray<{ id: string; text: string }>;
		readonly items?: ReadonlyArray<{ id: string; text: string }>;
		readonly unit?: string;
	};
}

interface Row {
	event_id: string;
	occurred_at: string;
	lesson_id: string;
	lesson_version: string | null;
	step_id: string;
	correct: boolean | null;
	points: number | null;
	hints_used: number | null;
	timed_out: boolean | null;
	answer: { choiceIds?: string[]; numeric?: number } | null;
	step: StepContent | null;
}

/** What the student answered, in the words of the question they were asked (ids only when the version is unknown). */
function answerText(row: Row): string | undefined {
	const given = row.answer;
	if (given === null) return undefined;
	const question = row.step?.question;
	if (typeof given.numeric === "number") return question?.unit === undefined ? String(given.numeric) : `${given.numeric} ${question.unit}`;
	if (given.choiceIds === undefined || given.choiceIds.length === 0) return undefined;
	const options = [...(question?.choices ?? []), ...(question?.items ?? [])];
	const texts = given.choiceIds.map((id) => options.find((option) => option.id === id)?.text ?? id);
	return texts.join(question?.type === "ordering" ? " → " : ", ");
}

function toAnswer(row: Row): StudentAnswer {
	const text = answerText(row);
	const timedOut = row.timed_out === true;
	return {
		eventId: row.event_id,
		lessonId: row.lesson_id,
		...(row.lesson_version === null ? {} : { version: row.lesson_version }),
		stepId: row.step_id,
		...(typeof row.step?.prompt === "string" ? { prompt: row.step.prompt } : {}),
		...(text === undefined ? {} : { answer: text }),
		correct: row.correct === true,
		points: row.points ?? 0,
		hintsUsed: row.hints_used ?? 0,
		timedOut,
		occurredAt: new Date(row.occurred_at).toISOString(),
	};
}

/**
 * A student's answers in the lessons assigned to the class, newest first, each with the question as the version they
 * played asks it. Read from the stored events (the teacher sees every attempt, not only the best).
 */
export async function classStudentAnswers(
	deps: Pick<AppDependencies, "infra">,
	caller: UserCaller,
	input: { classId: string; studentUserId: string; cursor?: string; limit: number },
): Promise<StudentAnswerPage> {
	const db = deps.infra.db;
	const { classId, studentUserId, limit } = input;
	const after = input.cursor === undefined ? undefined : answerCursor.decode(input.cursor);
	return withTenant(db, caller.tenantId, async (transaction) => {
		await loadClass(db, transaction, caller, classId);
		await loadRosterStudent(db, transaction, caller.tenantId, classId, studentUserId);
		const rows = await db.query<Row>(
			`SELECT e.event_id::text AS event_id, e.occurred_at::text AS occurred_at, e.lesson_id, e.lesson_version, e.step_id, e.correct, e.points,
				e.hints_used, e.timed_out, e.payload->'answer' AS answer,
				(SELECT st FROM lesson_versions v, jsonb_array_elements(v.content->'steps') st
				 WHERE v.tenant_id = e.tenant_id AND v.lesson_id = e.lesson_id::uuid AND v.version = e.lesson_version AND st->>'id' = e.step_id LIMIT 1) AS step
			 FROM progress_events e
			 WHERE e.tenant_id = $1 AND e.student_user_id = $3 AND e.kind = 'answer_submitted'
			   AND e.lesson_id IN (SELECT a.lesson_id::text FROM class_assignments a WHERE a.tenant_id = $1 AND a.class_id = $2)
			   AND ($4::timestamptz IS NULL OR (e.occurred_at, e.event_id) < ($4::timestamptz, $5::uuid))
			 ORDER BY e.occurred_at DESC, e.event_id DESC
			 LIMIT $6`,
			{ bind: [caller.tenantId, classId, studentUserId, after?.occurredAt ?? null, after?.eventId ?? null, limit + 1], type: QueryTypes.SELECT, transaction },
		);
		return pageOf(rows, limit, toAnswer, (last) => answerCursor.encode({ occurredAt: last.occurred_at, eventId: last.event_id }));
	});
}
