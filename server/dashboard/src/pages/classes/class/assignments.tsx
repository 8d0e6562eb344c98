import { useState, type FormEvent } from "react";
import type { Assignment } from "@toolboxai/shared";
import { assignLesson, listAssignments, listLessonVersions, listPublishedLessons, unassignLesson } from "../../../api/classes";
import { fieldProblem } from "../../../api/errors";
import { Alert, Loading, Notice } from "../../../components/page";
import { formatTime } from "../../../format";
import { useAction } from "../../../hooks/use-action";
import { useLoad } from "../../../hooks/use-load";
import { classError } from "../class-error";

function refusal(caught: unknown): string {
	const versionProblem = fieldProblem(caught, "/version");
	return versionProblem === undefined ? classError(caught) : `That version cannot be assigned: ${versionProblem}.`;
}

/**
 * The lessons a class plays in game: a published version of each (the current one, or one published before to go
 * back); assigning a lesson again replaces its version.
 */
export function Assignments({ classId, archived, onChanged }: { classId: string; archived: boolean; onChanged: () => void }) {
	const assigned = useLoad(() => listAssignments(classId), [classId], classError);
	const lessons = useLoad(listPublishedLessons, [], classError);
	const [lessonId, setLessonId] = useState("");
	const [version, setVersion] = useState("");
	// One action for assigning and removing: either one disables both.
	const change = useAction(refusal);
	const [notice, setNotice] = useState<string | undefined>();

	// Every version of the chosen lesson is listed; only published ones can be assigned (the service insists).
	const chosen = lessons.data?.find((lesson) => lesson.id === lessonId);
	// Each answer names its lesson, so the previous choice's versions never show while the new one's load.
	const listed = useLoad(async () => (chosen === undefined ? undefined : { lessonId: chosen.id, versions: await listLessonVersions(chosen.id) }), [chosen], classError);
	const versions = listed.data !== undefined && listed.data.lessonId === chosen?.id ? listed.data.versions : [];
	// A version published before may be assigned again (going back); one only uploaded may not.
	const publishedBefore = new Set(versions.filter((v) => v.publishedAt !== undefined).map((v) => v.version));
	const items = assigned.data;
	const error = change.error ?? assigned.error ?? lessons.error ?? listed.error;

	const choose = (id: string) => {
		setLessonId(id);
		setVersion(lessons.data?.find((lesson) => lesson.id === id)?.publishedVersion ?? "");
	};

	const assign = async (event: FormEvent) => {
		event.preventDefault();
		if (chosen === undefined || version === "") {
			change.setError("Choose a lesson and its published version to assign.");
			return;
		}
		await change.run(async () => {
			setNotice(undefined);
			await assignLesson(classId, chosen.id, version);
			await assigned.reload();
			setNotice(`“${chosen.title}” version ${version} assigned.`);
			onChanged();
		});
	};

	const remove = (assignment: Assignment) =>
		change.run(async () => {
			setNotice(undefined);
			await unassignLesson(classId, assignment.lessonId);
			await assigned.reload();
			setNotice(`“${assignment.lessonTitle ?? assignment.lessonId}” removed from the class.`);
			onChanged();
		});

	return (
		<section aria-labelledby="assignments-title">
			<h2 id="assignments-title">Assigned lessons</h2>
			{error !== undefined && <Alert>{error}</Alert>}
			{notice !== undefined && <Notice>{notice}</Notice>}
			{items === undefined && error === undefined && <Loading label="Loading assigned lessons…" />}
			{items !== undefined && items.length === 0 && <p className="muted">No lessons assigned yet.</p>}
			{items !== undefined && items.length > 0 && (
				<div className="table-wrap">
					<table aria-labelledby="assignments-title">
						<thead>
							<tr>
								<th scope="col">Lesson</th>
								<th scope="col">Version</th>
								<th scope="col">Assigned</th>
								<th scope="col">
									<span className="visually-hidden">Actions</span>
								</th>
							</tr>
						</thead>
						<tbody>
							{items.map((assignment) => (
								<tr key={assignment.lessonId} data-testid="assignment-row">
									<th scope="row">{assignment.lessonTitle ?? assignment.lessonId}</th>
									<td>{assignment.version}</td>
									<td>{formatTime(assignment.assignedAt)}</td>
									<td>
										<button
											type="button"
											className="button small"
											disabled={change.busy}
											onClick={() => void remove(assignment)}
											aria-label={`Remove ${assignment.lessonTitle ?? "lesson"} from the class`}
										>
											Remove
										</button>
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
			{archived ? (
				<p className="muted">Restore the class to assign lessons.</p>
			) : (
				<form className="form card" onSubmit={assign} aria-labelledby="assign-title">
					<h3 id="assign-title">Assign a lesson</h3>
					{lessons.data !== undefined && lessons.data.length === 0 && <p className="muted">No published lessons yet: publish a lesson from Roblox Studio first.</p>}
					<div className="field">
						<label htmlFor="assign-lesson">Lesson</label>
						<select id="assign-lesson" value={lessonId} onChange={(e) => choose(e.target.value)}>
							<option value="">Choose a lesson…</option>
							{lessons.data?.map((lesson) => (
								<option key={lesson.id} value={lesson.id}>
									{lesson.title}
								</option>
							))}
						</select>
					</div>
					<div className="field">
						<label htmlFor="assign-version">Version</label>
						<select id="assign-version" value={version} onChange={(e) => setVersion(e.target.value)} disabled={chosen === undefined}>
							{chosen === undefined && <option value="">Choose a lesson first</option>}
							{(versions.length > 0 ? versions.map((v) => v.version) : chosen?.publishedVersion !== undefined ? [chosen.publishedVersion] : []).map((v) => (
								<option key={v} value={v} disabled={v !== chosen?.publishedVersion && !publishedBefore.has(v)}>
									{v === chosen?.publishedVersion ? `${v} (published)` : publishedBefore.has(v) ? `${v} (published before)` : `${v} (not published)`}
								</option>
							))}
						</select>
					</div>
					<div className="actions">
						<button type="submit" className="button primary" disabled={change.busy || chosen === undefined}>
							{change.busy ? "Assigning…" : "Assign lesson"}
						</button>
					</div>
				</form>
			)}
		</section>
	);
}
