import { useCallback, useEffect, useState, type FormEvent } from "react";
import type { Assignment, Lesson, LessonVersionSummary } from "@toolboxai/shared";
import { assignLesson, listAssignments, listLessonVersions, listPublishedLessons, unassignLesson } from "../../api/classes";
import { fieldProblem } from "../../api/errors";
import { Alert, Loading, Notice } from "../../components/page";
import { formatTime } from "../../format";
import { classError } from "../classes";

/** The lessons a class plays in game: a published version of each; assigning a lesson again replaces its version. */
export function Assignments({ classId, archived, onChanged }: { classId: string; archived: boolean; onChanged: () => void }) {
	const [items, setItems] = useState<Assignment[] | undefined>();
	const [lessons, setLessons] = useState<Lesson[] | undefined>();
	const [lessonId, setLessonId] = useState("");
	const [versions, setVersions] = useState<LessonVersionSummary[]>([]);
	const [version, setVersion] = useState("");
	const [error, setError] = useState<string | undefined>();
	const [notice, setNotice] = useState<string | undefined>();
	const [busy, setBusy] = useState(false);

	const reload = useCallback(
		() =>
			listAssignments(classId)
				.then((list) => {
					setItems(list);
					setError(undefined);
				})
				.catch((caught: unknown) => setError(classError(caught))),
		[classId],
	);
	useEffect(() => {
		void reload();
		listPublishedLessons()
			.then(setLessons)
			.catch((caught: unknown) => setError(classError(caught)));
	}, [reload]);

	// Every version of the chosen lesson is listed; only its published one can be assigned (the service insists).
	const chosen = lessons?.find((lesson) => lesson.id === lessonId);
	useEffect(() => {
		setVersions([]);
		setVersion(chosen?.publishedVersion ?? "");
		if (chosen === undefined) return;
		listLessonVersions(chosen.id)
			.then(setVersions)
			.catch((caught: unknown) => setError(classError(caught)));
	}, [chosen]);

	const assign = async (event: FormEvent) => {
		event.preventDefault();
		if (chosen === undefined || version === "") {
			setError("Choose a lesson and its published version to assign.");
			return;
		}
		setBusy(true);
		setError(undefined);
		setNotice(undefined);
		try {
			await assignLesson(classId, chosen.id, version);
			await reload();
			setNotice(`“${chosen.title}” version ${version} assigned.`);
			onChanged();
		} catch (caught) {
			const versionProblem = fieldProblem(caught, "/version");
			setError(versionProblem === undefined ? classError(caught) : `That version cannot be assigned: ${versionProblem}.`);
		} finally {
			setBusy(false);
		}
	};

	const remove = async (assignment: Assignment) => {
		setBusy(true);
		setError(undefined);
		setNotice(undefined);
		try {
			await unassignLesson(classId, assignment.lessonId);
			await reload();
			setNotice(`“${assignment.lessonTitle ?? assignment.lessonId}” removed from the class.`);
			onChanged();
		} catch (caught) {
			setError(classError(caught));
		} finally {
			setBusy(false);
		}
	};

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
										<button type="button" className="button small" disabled={busy} onClick={() => void remove(assignment)} aria-label={`Remove ${assignment.lessonTitle ?? "lesson"} from the class`}>
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
					{lessons !== undefined && lessons.length === 0 && <p className="muted">No published lessons yet: publish a lesson from Roblox Studio first.</p>}
					<div className="field">
						<label htmlFor="assign-lesson">Lesson</label>
						<select id="assign-lesson" value={lessonId} onChange={(e) => setLessonId(e.target.value)}>
							<option value="">Choose a lesson…</option>
							{lessons?.map((lesson) => (
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
								<option key={v} value={v} disabled={v !== chosen?.publishedVersion}>
									{v === chosen?.publishedVersion ? `${v} (published)` : `${v} (not published)`}
								</option>
							))}
						</select>
					</div>
					<div className="actions">
						<button type="submit" className="button primary" disabled={busy || chosen === undefined}>
							{busy ? "Assigning…" : "Assign lesson"}
						</button>
					</div>
				</form>
			)}
		</section>
	);
}
