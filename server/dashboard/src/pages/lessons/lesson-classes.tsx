import type { LessonClassList } from "@toolboxai/shared";
import { Loading } from "../../components/page";
import { Link } from "../../router";

/** Which classes play this lesson, on which version. */
export function LessonClasses({ classes }: { classes: LessonClassList | undefined }) {
	return (
		<section aria-labelledby="lesson-classes-title">
			<h2 id="lesson-classes-title">Classes with this lesson</h2>
			{classes === undefined && <Loading label="Loading classes…" />}
			{classes !== undefined && classes.items.length === 0 && <p className="muted">No class of yours has this lesson assigned.</p>}
			{classes !== undefined && classes.items.length > 0 && (
				<div className="table-wrap">
					<table aria-labelledby="lesson-classes-title">
						<thead>
							<tr>
								<th scope="col">Class</th>
								<th scope="col">Version</th>
								<th scope="col">Teacher</th>
							</tr>
						</thead>
						<tbody>
							{classes.items.map((klass) => (
								<tr key={klass.classId} data-testid="lesson-class-row">
									<th scope="row">
										<Link href={`/classes/${klass.classId}`}>{klass.className}</Link>
									</th>
									<td>{klass.version}</td>
									<td>{klass.mine ? "You" : "A colleague"}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
			{classes !== undefined && classes.hiddenClasses > 0 && (
				<p className="muted">
					And {classes.hiddenClasses} class{classes.hiddenClasses === 1 ? "" : "es"} of other teachers.
				</p>
			)}
		</section>
	);
}
