import { useState } from "react";
import { useAuth } from "../../auth";
import { type LessonFilters, listLessons } from "../../api/lessons";
import { Alert, Loading, Page } from "../../components/page";
import { formatTime } from "../../format";
import { useLoad } from "../../hooks/use-load";
import { Link } from "../../router";
import { lessonError } from "./lesson-error";
import { LessonFilterForm } from "./lesson-filter-form";
import { ownerWords, STATUS_WORDS } from "./lesson-rules";

/** The school's lessons (/lessons): search and filter, newest first, a page at a time. Lessons are made in Studio. */
export function LessonsPage() {
	const { state } = useAuth();
	const [filters, setFilters] = useState<LessonFilters>({});
	const list = useLoad(() => listLessons(filters), [JSON.stringify(filters)], lessonError);
	const lessons = list.data?.items;
	const nextCursor = list.data?.nextCursor;
	const filtered = Object.values(filters).some((value) => value !== undefined && value !== "" && value !== false);

	const loadMore = (cursor: string) =>
		list.extend(
			() => listLessons(filters, cursor),
			(shown, page) => {
				const seen = new Set(shown.items.map((lesson) => lesson.id));
				return { items: [...shown.items, ...page.items.filter((lesson) => !seen.has(lesson.id))], nextCursor: page.nextCursor };
			},
		);

	return (
		<Page title="Lessons" wide>
			<p className="lead">
				Lessons are written and uploaded from Roblox Studio with the ToolBoxAI plugin. Open one to compare its versions, preview them, publish and assign it to classes.
			</p>
			<LessonFilterForm applied={filters} onApply={setFilters} />
			{list.error !== undefined && <Alert>{list.error}</Alert>}
			{list.loading && <Loading label="Loading lessons…" />}
			{lessons !== undefined && lessons.length === 0 && list.error === undefined && (
				<p className="muted">{filtered ? "No lessons match these filters." : "No lessons yet: upload one from Roblox Studio."}</p>
			)}
			{lessons !== undefined && lessons.length > 0 && state.status === "signed-in" && (
				<div className="table-wrap">
					<table aria-label="Lessons">
						<thead>
							<tr>
								<th scope="col">Lesson</th>
								<th scope="col">Subject</th>
								<th scope="col">Grade band</th>
								<th scope="col">Status</th>
								<th scope="col">Published</th>
								<th scope="col">Latest</th>
								<th scope="col">Owner</th>
								<th scope="col">Changed</th>
							</tr>
						</thead>
						<tbody>
							{lessons.map((lesson) => (
								<tr key={lesson.id} data-testid="lesson-row">
									<th scope="row">
										<Link href={`/lessons/${lesson.id}`}>{lesson.title}</Link>
									</th>
									<td>{lesson.subject}</td>
									<td>{lesson.gradeBand}</td>
									<td>
										<span className="badge">{STATUS_WORDS[lesson.status]}</span>
									</td>
									<td>{lesson.publishedVersion ?? "—"}</td>
									<td>{lesson.latestVersion ?? "—"}</td>
									<td>{ownerWords(lesson, state.me)}</td>
									<td>{formatTime(lesson.updatedAt)}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
			{nextCursor !== undefined && (
				<button type="button" className="button" disabled={list.busy} onClick={() => void loadMore(nextCursor)}>
					Load more lessons
				</button>
			)}
		</Page>
	);
}
