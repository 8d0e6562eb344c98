import type { ClassLessonSummary } from "@toolboxai/shared";
import { points } from "./progress-format";
import { percent, ProgressChart } from "./progress-chart";

/** The class at a glance: per assigned lesson, how many of the roster completed it and the average score, then the chart. */
export function ProgressSummary({ lessons }: { lessons: ReadonlyArray<ClassLessonSummary> }) {
	if (lessons.length === 0) return null;
	return (
		<>
			<div className="table-wrap">
				<table aria-labelledby="summary-title">
					<caption id="summary-title" className="visually-hidden">
						Per lesson
					</caption>
					<thead>
						<tr>
							<th scope="col">Lesson</th>
							<th scope="col">Completed</th>
							<th scope="col">Started</th>
							<th scope="col">Average score</th>
						</tr>
					</thead>
					<tbody>
						{lessons.map((lesson) => (
							<tr key={lesson.lessonId} data-testid="summary-row">
								<th scope="row">
									{lesson.lessonTitle} <span className="muted">v{lesson.version}</span>
								</th>
								<td>
									{percent(lesson.completionPercent)} ({lesson.completed} of {lesson.students})
								</td>
								<td>
									{lesson.started} of {lesson.students}
								</td>
								<td>{lesson.started === 0 ? "—" : `${points(lesson.averageScore)}/${points(lesson.maxScore)} (${percent(lesson.averageScorePercent)})`}</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
			<ProgressChart lessons={lessons} />
		</>
	);
}
