import type { StudentAnswerPage } from "@toolboxai/shared";
import { formatTime } from "../../../format";
import { points } from "../class/progress-format";

/** Every answer the student gave in the class's lessons, newest first, with the question and the answer in words. */
export function StudentAnswers({
	answers,
	titles,
	busy,
	onLoadMore,
}: {
	answers: StudentAnswerPage;
	titles: ReadonlyMap<string, string>;
	busy: boolean;
	onLoadMore: (cursor: string) => void;
}) {
	const next = answers.nextCursor;
	return (
		<section aria-labelledby="student-answers-title">
			<h2 id="student-answers-title">Answers</h2>
			{answers.items.length === 0 ? (
				<p className="muted">No answers yet.</p>
			) : (
				<div className="table-wrap">
					<table aria-labelledby="student-answers-title">
						<thead>
							<tr>
								<th scope="col">When</th>
								<th scope="col">Lesson</th>
								<th scope="col">Question</th>
								<th scope="col">Answer</th>
								<th scope="col">Correct</th>
								<th scope="col">Points</th>
								<th scope="col">Hints</th>
							</tr>
						</thead>
						<tbody>
							{answers.items.map((answer) => (
								<tr key={answer.eventId} data-testid="answer-row">
									<td>{formatTime(answer.occurredAt)}</td>
									<td>{titles.get(answer.lessonId) ?? "Lesson"}</td>
									<td>{answer.prompt ?? answer.stepId}</td>
									<td>{answer.timedOut && answer.answer === undefined ? "Time ran out" : (answer.answer ?? "—")}</td>
									<td>{answer.timedOut ? "No (time ran out)" : answer.correct ? "Yes" : "No"}</td>
									<td>{points(answer.points)}</td>
									<td>{answer.hintsUsed}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
			{next !== undefined && (
				<button type="button" className="button" disabled={busy} onClick={() => onLoadMore(next)}>
					Load more answers
				</button>
			)}
		</section>
	);
}
