import { Fragment, useCallback, useEffect, useState } from "react";
import type { LessonProgress, StepProgress } from "@toolboxai/shared";
import { lessonProgress, listAssignments, stepProgress } from "../../api/classes";
import { Alert, Loading } from "../../components/page";
import { classError } from "../classes";

/** Milliseconds as a person reads them: "45 s", "3 min 5 s", "1 h 2 min". */
export function formatDuration(ms: number): string {
	const seconds = Math.round(ms / 1000);
	if (seconds < 60) return `${seconds} s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes} min${seconds % 60 === 0 ? "" : ` ${seconds % 60} s`}`;
	return `${Math.floor(minutes / 60)} h${minutes % 60 === 0 ? "" : ` ${minutes % 60} min`}`;
}

const points = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

interface Paged<T> {
	readonly items: T[];
	readonly nextCursor?: string;
}

/** One student's steps of one lesson, from the class's step table (loaded on first use, page by page). */
function StepRows({ row, steps, onLoadMore, busy }: { row: LessonProgress; steps: Paged<StepProgress> | undefined; onLoadMore: () => void; busy: boolean }) {
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

/**
 * The class's progress: one row per student and assigned lesson (steps, score, completed, time), each opening the
 * student's step table. Counting runs as a job a few seconds behind; the page says how many events are still waiting.
 */
export function Progress({ classId, refreshKey }: { classId: string; refreshKey: number }) {
	const [rollup, setRollup] = useState<Paged<LessonProgress> | undefined>();
	const [pending, setPending] = useState(0);
	const [steps, setSteps] = useState<Paged<StepProgress> | undefined>();
	const [titles, setTitles] = useState<ReadonlyMap<string, string>>(new Map());
	const [open, setOpen] = useState<string | undefined>();
	const [error, setError] = useState<string | undefined>();
	const [busy, setBusy] = useState(false);

	const reload = useCallback(async () => {
		setBusy(true);
		try {
			const [page, assignments] = await Promise.all([lessonProgress(classId), listAssignments(classId)]);
			setRollup({ items: page.items, nextCursor: page.nextCursor });
			setPending(page.pendingEvents);
			setTitles(new Map(assignments.map((a) => [a.lessonId, a.lessonTitle ?? a.lessonId])));
			setSteps(undefined);
			setError(undefined);
		} catch (caught) {
			setError(classError(caught));
		} finally {
			setBusy(false);
		}
	}, [classId]);
	useEffect(() => {
		void reload();
	}, [reload, refreshKey]);

	const loadSteps = useCallback(
		async (cursor?: string) => {
			setBusy(true);
			try {
				const page = await stepProgress(classId, cursor);
				setSteps((shown) => ({ items: [...(cursor === undefined ? [] : (shown?.items ?? [])), ...page.items], nextCursor: page.nextCursor }));
				setPending(page.pendingEvents);
			} catch (caught) {
				setError(classError(caught));
			} finally {
				setBusy(false);
			}
		},
		[classId],
	);
	useEffect(() => {
		if (open !== undefined && steps === undefined) void loadSteps();
	}, [open, steps, loadSteps]);

	const loadMore = async () => {
		if (rollup?.nextCursor === undefined) return;
		setBusy(true);
		try {
			const page = await lessonProgress(classId, rollup.nextCursor);
			setRollup({ items: [...rollup.items, ...page.items], nextCursor: page.nextCursor });
			setPending(page.pendingEvents);
		} catch (caught) {
			setError(classError(caught));
		} finally {
			setBusy(false);
		}
	};

	const COLUMNS = 7;
	return (
		<section aria-labelledby="progress-title">
			<h2 id="progress-title">Progress</h2>
			{error !== undefined && <Alert>{error}</Alert>}
			<div className="confirm">
				{pending > 0 && (
					<p className="muted" role="status" data-testid="pending-events">
						{pending} event{pending === 1 ? "" : "s"} still being counted.
					</p>
				)}
				<button type="button" className="button small" disabled={busy} onClick={() => void reload()}>
					Refresh progress
				</button>
			</div>
			{rollup === undefined && error === undefined && <Loading label="Loading progress…" />}
			{rollup !== undefined && rollup.items.length === 0 && <p className="muted">No progress yet: it appears once students on the roster have lessons assigned.</p>}
			{rollup !== undefined && rollup.items.length > 0 && (
				<div className="table-wrap">
					<table aria-labelledby="progress-title">
						<thead>
							<tr>
								<th scope="col">Student</th>
								<th scope="col">Lesson</th>
								<th scope="col">Steps</th>
								<th scope="col">Score</th>
								<th scope="col">Completed</th>
								<th scope="col">Time</th>
								<th scope="col">
									<span className="visually-hidden">Step details</span>
								</th>
							</tr>
						</thead>
						<tbody>
							{rollup.items.map((row) => {
								const key = `${row.studentUserId}:${row.lessonId}`;
								const expanded = open === key;
								const detailsId = `details-${row.studentUserId}-${row.lessonId}`;
								const lesson = titles.get(row.lessonId) ?? row.lessonId;
								return (
									<Fragment key={key}>
										<tr data-testid="progress-row">
											<th scope="row">{row.displayName}</th>
											<td>
												{lesson} <span className="muted">v{row.version}</span>
											</td>
											<td>
												{row.stepsCompleted}/{row.totalSteps}
											</td>
											<td>
												{points(row.score)}/{points(row.maxScore)}
											</td>
											<td>{row.completed ? "Yes" : "No"}</td>
											<td>{formatDuration(row.timeMs)}</td>
											<td>
												<button type="button" className="button small" aria-expanded={expanded} aria-controls={expanded ? detailsId : undefined} onClick={() => setOpen(expanded ? undefined : key)} aria-label={`${expanded ? "Hide" : "Show"} steps of ${row.displayName} in ${lesson}`}>
													{expanded ? "Hide steps" : "Show steps"}
												</button>
											</td>
										</tr>
										{expanded && (
											<tr id={detailsId}>
												<td colSpan={COLUMNS}>
													<StepRows row={row} steps={steps} busy={busy} onLoadMore={() => void loadSteps(steps?.nextCursor)} />
												</td>
											</tr>
										)}
									</Fragment>
								);
							})}
						</tbody>
					</table>
				</div>
			)}
			{rollup?.nextCursor !== undefined && (
				<button type="button" className="button" disabled={busy} onClick={() => void loadMore()}>
					Load more
				</button>
			)}
		</section>
	);
}
