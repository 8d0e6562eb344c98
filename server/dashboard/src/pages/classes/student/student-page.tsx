import { LESSON_COMPLETED_DEFINITION, type ClassStudentProgress, type StudentAnswerPage } from "@toolboxai/shared";
import { getClass, listAssignments, studentAnswers, studentProgress } from "../../../api/classes";
import { ApiError } from "../../../api/errors";
import { Alert, Loading, Page } from "../../../components/page";
import { formatTime } from "../../../format";
import { useLoad } from "../../../hooks/use-load";
import { Link } from "../../../router";
import { classError } from "../class-error";
import { StudentAnswers } from "./student-answers";
import { StudentLessons } from "./student-lessons";

interface StudentView {
	readonly className: string;
	readonly student: ClassStudentProgress;
	readonly answers: StudentAnswerPage;
	/** Lesson titles by id, from the class's assignments. */
	readonly titles: ReadonlyMap<string, string>;
}

function studentError(caught: unknown): string {
	if (caught instanceof ApiError && caught.status === 404) return "This student is not on the class's roster (removed, or never joined), or the class is not one of yours.";
	return classError(caught);
}

/** One student of a class (/classes/<id>/students/<id>): every lesson assigned to the class, and every answer they gave. */
export function StudentPage({ classId, studentUserId }: { classId: string; studentUserId: string }) {
	const loaded = useLoad(
		async (): Promise<StudentView> => {
			const [klass, student, answers, assignments] = await Promise.all([
				getClass(classId),
				studentProgress(classId, studentUserId),
				studentAnswers(classId, studentUserId),
				listAssignments(classId),
			]);
			return { className: klass.name, student, answers, titles: new Map(assignments.map((a) => [a.lessonId, a.lessonTitle ?? "Lesson"])) };
		},
		[classId, studentUserId],
		studentError,
	);
	const view = loaded.data;
	const back = (
		<p>
			<Link href={`/classes/${classId}`}>Back to {view?.className ?? "the class"}</Link>
		</p>
	);
	if (view === undefined) {
		return (
			<Page title="Student">
				{loaded.error === undefined ? <Loading label="Loading the student…" /> : <Alert>{loaded.error}</Alert>}
				{back}
			</Page>
		);
	}
	const { student } = view;
	const loadMore = (cursor: string) =>
		loaded.extend(
			() => studentAnswers(classId, studentUserId, cursor),
			(shown, page) => ({ ...shown, answers: { items: [...shown.answers.items, ...page.items], nextCursor: page.nextCursor } }),
		);
	return (
		<Page title={student.displayName} wide>
			{back}
			{loaded.error !== undefined && <Alert>{loaded.error}</Alert>}
			<dl className="facts">
				<dt>Class</dt>
				<dd>{view.className}</dd>
				<dt>Roblox user id</dt>
				<dd>{student.robloxUserId ?? "—"}</dd>
				<dt>Joined the class</dt>
				<dd>{formatTime(student.joinedAt)}</dd>
			</dl>
			{student.pendingEvents > 0 && (
				<p className="muted" role="status">
					{student.pendingEvents} event{student.pendingEvents === 1 ? "" : "s"} of the class still being counted.
				</p>
			)}
			<p className="help">
				<strong>Completed:</strong> {LESSON_COMPLETED_DEFINITION}
			</p>
			<StudentLessons lessons={student.lessons} titles={view.titles} />
			<StudentAnswers answers={view.answers} titles={view.titles} busy={loaded.busy} onLoadMore={(cursor) => void loadMore(cursor)} />
		</Page>
	);
}
