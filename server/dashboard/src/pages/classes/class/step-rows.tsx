import type { LessonProgress, StepProgress } from "@toolboxai/shared";
import { Loading } from "../../../components/page";
import { formatDuration, points, type Paged } from "./progress-format";

/** One student's steps of one lesson, from the class's step table (loaded on first use, page by page). */
export function StepRows({ row, steps, onLoadMore, busy }: { row: LessonProgress; steps: Paged<StepProgress> | undefined; onLoadMore: () => void; busy: boolean }) {
	if (steps === undefined) return <Loading label="Loading steps…" />;
	const mine = steps.items.filter((step) => step.studentUserId === row.studentUserId && step.lessonId === row.lessonId);
	const captionId = `steps-${row.studentUserId}-${row.lessonId}`;
	return (
		<>
			{mine.length === 0 && steps.nextCursor === undefined && <p className="muted">No steps played yet.</p>}
			{mine.length > 0 && (
				<table aria-labelledby={captionId} data-testid="step-table">
					<caption id={captionId} className="visually-hidden">
						Steps of {row.displayName}
					</caption>
					<thead>
						<tr>
							<th scope="col">Step</th>
							<th scope="col">Completed</th>
							<th scope="col">Attempts</th>
							<th scope="col">Correct</th>
							<th scope="col">Points</th>
							<th scope="col">Hints</th>
							<th scope="col">Time-outs</th>
							<th scope="col">Time</th>
						</tr>
					</thead>
					<tbody>
						{mine.map((step) => (
							<tr key={step.stepId} data-testid="step-row">
								<th scope="row">{step.stepId}</th>
								<td>{step.completed ? "Yes" : "No"}</td>
								<td>{step.attempts}</td>
								<td>{step.correct}</td>
								<td>{points(step.points)}</td>
								<td>{step.hintsUsed}</td>
								<td>{step.timeouts}</td>
								<td>{formatDuration(step.timeMs)}</td>
							</tr>
						))}
					</tbody>
				</table>
			)}
			{steps.nextCursor !== undefined && (
				<button type="button" className="button small" disabled={busy} onClick={onLoadMore}>
					Load more steps
				</button>
			)}
		</>
	);
}
