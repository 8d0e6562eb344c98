import type { LessonProgress } from "@toolboxai/shared";
import { formatTime } from "../../../format";
import { shownRow } from "../class/progress-view";

/** The student's row of every lesson assigned to the class: the same words as the class's table. */
export function StudentLessons({ lessons, titles }: { lessons: ReadonlyArray<LessonProgress>; titles: ReadonlyMap<string, string> }) {
	return (
		<section aria-labelledby="student-lessons-title">
			<h2 id="student-lessons-title">Lessons</h2>
			{lessons.length === 0 ? (
				<p className="muted">No lessons are assigned to the class yet.</p>
			) : (
				<div className="table-wrap">
					<table aria-labelledby="student-lessons-title">
						<thead>
							<tr>
								<th scope="col">Lesson</th>
								<th scope="col">Steps</th>
								<th scope="col">Score</th>
								<th scope="col">Completed</th>
								<th scope="col">Time</th>
								<th scope="col">Last played</th>
							</tr>
						</thead>
						<tbody>
							{lessons.map((lesson) => {
								const shown = shownRow(lesson, titles);
								return (
									<tr key={lesson.lessonId} data-testid="student-lesson-row">
										<th scope="row">
											{shown.lesson} <span className="muted">v{lesson.version}</span>
										</th>
										<td>{shown.steps}</td>
										<td>{shown.score}</td>
										<td>{shown.completed}</td>
										<td>{shown.time}</td>
										<td>{lesson.lastSeenAt === undefined ? "Not started" : formatTime(lesson.lastSeenAt)}</td>
									</tr>
								);
							})}
						</tbody>
					</table>
				</div>
			)}
		</section>
	);
}
