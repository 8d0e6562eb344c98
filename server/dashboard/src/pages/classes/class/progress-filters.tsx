import type { ClassLessonSummary } from "@toolboxai/shared";
import type { CompletedFilter, ProgressView } from "./progress-view";

/** Filters for the progress table: a student's name (any part), one lesson, completed or not. */
export function ProgressFilters({ view, lessons, onChange }: { view: ProgressView; lessons: ReadonlyArray<ClassLessonSummary>; onChange: (view: ProgressView) => void }) {
	return (
		<fieldset className="filters">
			<legend className="visually-hidden">Filter the progress table</legend>
			<div className="field">
				<label htmlFor="progress-student">Student</label>
				<input id="progress-student" type="search" value={view.student} onChange={(e) => onChange({ ...view, student: e.target.value })} placeholder="Any student" />
			</div>
			<div className="field">
				<label htmlFor="progress-lesson">Lesson</label>
				<select id="progress-lesson" value={view.lessonId} onChange={(e) => onChange({ ...view, lessonId: e.target.value })}>
					<option value="">All lessons</option>
					{lessons.map((lesson) => (
						<option key={lesson.lessonId} value={lesson.lessonId}>
							{lesson.lessonTitle}
						</option>
					))}
				</select>
			</div>
			<div className="field">
				<label htmlFor="progress-completed">Completed</label>
				<select id="progress-completed" value={view.completed} onChange={(e) => onChange({ ...view, completed: e.target.value as CompletedFilter })}>
					<option value="all">Completed or not</option>
					<option value="completed">Completed</option>
					<option value="not_completed">Not completed</option>
				</select>
			</div>
		</fieldset>
	);
}
