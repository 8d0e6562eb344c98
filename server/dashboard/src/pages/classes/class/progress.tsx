import { Fragment, useCallback, useEffect, useMemo, useState } from "react";
import { classChannel, LESSON_COMPLETED_DEFINITION, REALTIME_EVENTS, type ClassLessonSummary, type LessonProgress, type StepProgress } from "@toolboxai/shared";
import { useLiveChannel } from "../../../live/live-provider";
import { lessonProgress, lessonSummary, stepProgress } from "../../../api/classes";
import { Alert, Loading } from "../../../components/page";
import { useLoad } from "../../../hooks/use-load";
import { Link } from "../../../router";
import { downloadCsv } from "../../audit/audit-csv";
import { classError } from "../class-error";
import type { Paged } from "./progress-format";
import { ProgressFilters } from "./progress-filters";
import { ProgressSummary } from "./progress-summary";
import { DEFAULT_VIEW, progressCsv, shownRows, type ProgressView } from "./progress-view";
import { SortHeader } from "./sort-header";
import { StepRows } from "./step-rows";

interface ClassProgress {
	readonly rows: Paged<LessonProgress>;
	/** Events the counting job has not folded in yet; every progress answer says how many. */
	readonly pending: number;
	/** Per assigned lesson: completion and average, and the lessons' titles. */
	readonly lessons: ReadonlyArray<ClassLessonSummary>;
	/** The class's step table: loaded when a row is first opened, and forgotten by a reload. */
	readonly steps?: Paged<StepProgress>;
}

async function loadProgress(classId: string): Promise<ClassProgress> {
	const [page, summary] = await Promise.all([lessonProgress(classId), lessonSummary(classId)]);
	return {
		rows: { items: page.items, nextCursor: page.nextCursor },
		pending: Math.max(page.pendingEvents, summary.pendingEvents),
		lessons: summary.items,
	};
}

export const studentPath = (classId: string, studentUserId: string) => `/classes/${classId}/students/${studentUserId}`;

/**
 * The class's progress: per lesson at a glance (completion, average score, a chart), then one row per student and
 * assigned lesson (steps, score, completed, time) to sort, filter and download as CSV; each row opens the student's
 * steps, and the student's name their page. Counting runs as a job a few seconds behind; the page says how many
 * events are still waiting.
 */
export function Progress({ classId, refreshKey }: { classId: string; refreshKey: number }) {
	const progress = useLoad(() => loadProgress(classId), [classId, refreshKey], classError);
	// Students' answers arrive as one event per class every couple of seconds at most: read the numbers again.
	const { reload } = progress;
	useLiveChannel(classChannel(classId), (event) => {
		if (event === "resync" || event.event === REALTIME_EVENTS.classProgressChanged) void reload();
	});
	const [open, setOpen] = useState<string | undefined>();
	const [view, setView] = useState<ProgressView>(DEFAULT_VIEW);
	const rollup = progress.data?.rows;
	const steps = progress.data?.steps;
	const pending = progress.data?.pending ?? 0;
	const lessons = progress.data?.lessons ?? [];
	const nextCursor = rollup?.nextCursor;
	const { busy, error, extend } = progress;
	const titles = useMemo(() => new Map(lessons.map((lesson) => [lesson.lessonId, lesson.lessonTitle])), [lessons]);
	const shown = useMemo(() => shownRows(rollup?.items ?? [], titles, view), [rollup, titles, view]);

	const loadSteps = useCallback(
		(cursor?: string) =>
			extend(
				() => stepProgress(classId, cursor),
				(before, page) => ({
					...before,
					steps: { items: [...(cursor === undefined ? [] : (before.steps?.items ?? [])), ...page.items], nextCursor: page.nextCursor },
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
			(before, page) => ({ ...before, rows: { items: [...before.rows.items, ...page.items], nextCursor: page.nextCursor }, pending: page.pendingEvents }),
		);

	const download = () => downloadCsv(`class-progress-${new Date().toISOString().slice(0, 10)}.csv`, progressCsv(shown));

	const COLUMNS = 7;
	const total = rollup?.items.length ?? 0;
	return (
		<section aria-labelledby="progress-title">
			<h2 id="progress-title">Progress</h2>
			<p className="help" data-testid="completed-definition">
				<strong>Completed:</strong> {LESSON_COMPLETED_DEFINITION}
			</p>
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
			<ProgressSummary lessons={lessons} />
			{rollup !== undefined && rollup.items.length === 0 && <p className="muted">No progress yet: it appears once students on the roster have lessons assigned.</p>}
			{rollup !== undefined && rollup.items.length > 0 && (
				<>
					<ProgressFilters view={view} lessons={lessons} onChange={setView} />
					<div className="confirm">
						<p className="muted" aria-live="polite" data-testid="shown-count">
							Showing {shown.length} of {total} row{total === 1 ? "" : "s"}
							{nextCursor === undefined ? "" : " loaded so far"}.
						</p>
						<button type="button" className="button small" disabled={shown.length === 0} onClick={download}>
							Download these rows (CSV)
						</button>
					</div>
					<div className="table-wrap">
						<table aria-labelledby="progress-title">
							<thead>
								<tr>
									<SortHeader label="Student" column="student" view={view} onSort={setView} />
									<SortHeader label="Lesson" column="lesson" view={view} onSort={setView} />
									<SortHeader label="Steps" column="steps" view={view} onSort={setView} />
									<SortHeader label="Score" column="score" view={view} onSort={setView} />
									<SortHeader label="Completed" column="completed" view={view} onSort={setView} />
									<SortHeader label="Time" column="time" view={view} onSort={setView} />
									<th scope="col">
										<span className="visually-hidden">Step details</span>
									</th>
								</tr>
							</thead>
							<tbody>
								{shown.map((item) => {
									const row = item.row;
									const key = `${row.studentUserId}:${row.lessonId}`;
									const expanded = open === key;
									const detailsId = `details-${row.studentUserId}-${row.lessonId}`;
									return (
										<Fragment key={key}>
											<tr data-testid="progress-row">
												<th scope="row">
													<Link href={studentPath(classId, row.studentUserId)}>{row.displayName}</Link>
												</th>
												<td>
													{item.lesson} <span className="muted">v{row.version}</span>
												</td>
												<td>{item.steps}</td>
												<td>{item.score}</td>
												<td>{item.completed}</td>
												<td>{item.time}</td>
												<td>
													<button
														type="button"
														className="button small"
														aria-expanded={expanded}
														aria-controls={expanded ? detailsId : undefined}
														onClick={() => setOpen(expanded ? undefined : key)}
														aria-label={`${expanded ? "Hide" : "Show"} steps of ${row.displayName} in ${item.lesson}`}
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
					{shown.length === 0 && <p className="muted">No rows match these filters.</p>}
				</>
			)}
			{nextCursor !== undefined && (
				<button type="button" className="button" disabled={busy} onClick={() => void loadMore(nextCursor)}>
					Load more
				</button>
			)}
		</section>
	);
}
