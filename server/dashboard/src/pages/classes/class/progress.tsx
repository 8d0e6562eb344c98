import { Fragment, useCallback, useEffect, useState } from "react";
import { classChannel, REALTIME_EVENTS, type LessonProgress, type StepProgress } from "@toolboxai/shared";
import { useLiveChannel } from "../../../live/live-provider";
import { lessonProgress, listAssignments, stepProgress } from "../../../api/classes";
import { Alert, Loading } from "../../../components/page";
import { useLoad } from "../../../hooks/use-load";
import { classError } from "../class-error";
import { formatDuration, points, type Paged } from "./progress-format";
import { StepRows } from "./step-rows";

interface ClassProgress {
	readonly rows: Paged<LessonProgress>;
	/** Events the counting job has not folded in yet; every progress answer says how many. */
	readonly pending: number;
	readonly titles: ReadonlyMap<string, string>;
	/** The class's step table: loaded when a row is first opened, and forgotten by a reload. */
	readonly steps?: Paged<StepProgress>;
}

async function loadProgress(classId: string): Promise<ClassProgress> {
	const [page, assignments] = await Promise.all([lessonProgress(classId), listAssignments(classId)]);
	return {
		rows: { items: page.items, nextCursor: page.nextCursor },
		pending: page.pendingEvents,
		titles: new Map(assignments.map((a) => [a.lessonId, a.lessonTitle ?? a.lessonId])),
	};
}

/**
 * The class's progress: one row per student and assigned lesson (steps, score, completed, time), each opening the
 * student's step table. Counting runs as a job a few seconds behind; the page says how many events are still waiting.
 */
export function Progress({ classId, refreshKey }: { classId: string; refreshKey: number }) {
	const progress = useLoad(() => loadProgress(classId), [classId, refreshKey], classError);
	// Students' answers arrive as one event per class every couple of seconds at most: read the numbers again.
	const { reload } = progress;
	useLiveChannel(classChannel(classId), (event) => {
		if (event === "resync" || event.event === REALTIME_EVENTS.classProgressChanged) void reload();
	});
	const [open, setOpen] = useState<string | undefined>();
	const rollup = progress.data?.rows;
	const steps = progress.data?.steps;
	const pending = progress.data?.pending ?? 0;
	const titles = progress.data?.titles;
	const nextCursor = rollup?.nextCursor;
	const { busy, error, extend } = progress;

	const loadSteps = useCallback(
		(cursor?: string) =>
			extend(
				() => stepProgress(classId, cursor),
				(shown, page) => ({
					...shown,
					steps: { items: [...(cursor === undefined ? [] : (shown.steps?.items ?? [])), ...page.items], nextCursor: page.nextCursor },
					pending: page.pendingEvents,
				}),
			),
		[extend, classId],
	);
	// Opening a row loads the step table; so does a reload while a row is open, since it forgets the steps.
	const stepsMissing = progress.data !== undefined && steps === undefined;
	useEffect(() => {
		if (open !== undefined && stepsMissing) void loadSteps();
	}, [open, stepsMissing, loadSteps]);

	const loadMore = (cursor: string) =>
		extend(
			() => lessonProgress(classId, cursor),
			(shown, page) => ({ ...shown, rows: { items: [...shown.rows.items, ...page.items], nextCursor: page.nextCursor }, pending: page.pendingEvents }),
		);

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
				<button type="button" className="button small" disabled={busy} onClick={() => void progress.reload()}>
					Refresh progress
				</button>
			</div>
			{progress.loading && <Loading label="Loading progress…" />}
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
								const lesson = titles?.get(row.lessonId) ?? row.lessonId;
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
												<button
													type="button"
													className="button small"
													aria-expanded={expanded}
													aria-controls={expanded ? detailsId : undefined}
													onClick={() => setOpen(expanded ? undefined : key)}
													aria-label={`${expanded ? "Hide" : "Show"} steps of ${row.displayName} in ${lesson}`}
												>
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
			{nextCursor !== undefined && (
				<button type="button" className="button" disabled={busy} onClick={() => void loadMore(nextCursor)}>
					Load more
				</button>
			)}
		</section>
	);
}
