import type { ClassLessonSummary } from "@toolboxai/shared";

/** One bar: a track and its filled part, as wide as the percentage (SVG lengths in % follow the figure's width). */
function Bar({ percent, className }: { percent: number; className: string }) {
	const width = Math.max(0, Math.min(100, percent));
	return (
		<svg className="chart-bar" width="100%" height="14" aria-hidden="true" focusable="false">
			<rect className="chart-track" x="0" y="0" width="100%" height="14" rx="3" />
			{width > 0 && <rect className={className} x="0" y="0" width={`${width}%`} height="14" rx="3" />}
		</svg>
	);
}

const percent = (value: number) => `${Number.isInteger(value) ? value : value.toFixed(1)}%`;

/**
 * Completion and average score per lesson as bars (hand-written SVG: no chart library in the bundle). Every bar has
 * its number beside it in words, so the figure reads the same without seeing the bars.
 */
export function ProgressChart({ lessons }: { lessons: ReadonlyArray<ClassLessonSummary> }) {
	return (
		<figure className="chart" aria-labelledby="progress-chart-title" data-testid="progress-chart">
			<figcaption id="progress-chart-title">Completion and average score per lesson</figcaption>
			<ul className="chart-legend" aria-hidden="true">
				<li>
					<span className="chart-key chart-completed" /> Completed
				</li>
				<li>
					<span className="chart-key chart-score" /> Average score
				</li>
			</ul>
			<dl className="chart-rows">
				{lessons.map((lesson) => (
					<div key={lesson.lessonId} className="chart-row" data-testid="chart-row">
						<dt>{lesson.lessonTitle}</dt>
						<dd>
							<Bar percent={lesson.completionPercent} className="chart-completed" />
							<span className="chart-value">{percent(lesson.completionPercent)} completed</span>
						</dd>
						<dd>
							<Bar percent={lesson.averageScorePercent} className="chart-score" />
							<span className="chart-value">{percent(lesson.averageScorePercent)} average score</span>
						</dd>
					</div>
				))}
			</dl>
		</figure>
	);
}

export { percent };
