import { type FormEvent, useState } from "react";
import type { Lesson, Me } from "@toolboxai/shared";
import { updateLesson } from "../../api/lessons";
import { Alert } from "../../components/page";
import { formatTime } from "../../format";
import { useAction } from "../../hooks/use-action";
import { lessonError } from "./lesson-error";
import { ownerWords, STATUS_WORDS } from "./lesson-rules";

/** The lesson's metadata, an edit form for its owner or an admin, and archive / restore. */
export function LessonDetails({ lesson, me, canChange, onChanged }: { lesson: Lesson; me: Me; canChange: boolean; onChanged: (said: string) => void }) {
	const [editing, setEditing] = useState(false);
	const act = useAction(lessonError);
	const archived = lesson.status === "archived";

	const archive = () =>
		act.run(async () => {
			await updateLesson(lesson.id, { status: archived ? "draft" : "archived" });
			onChanged(archived ? `“${lesson.title}” restored.` : `“${lesson.title}” archived: it no longer shows in the library unless you ask for archived lessons.`);
		}, "archive");

	return (
		<section aria-labelledby="details-title">
			<h2 id="details-title">Details</h2>
			{act.error !== undefined && <Alert>{act.error}</Alert>}
			<dl className="facts">
				<dt>Subject</dt>
				<dd>{lesson.subject}</dd>
				<dt>Grade band</dt>
				<dd>{lesson.gradeBand}</dd>
				<dt>Status</dt>
				<dd data-testid="lesson-status">{STATUS_WORDS[lesson.status]}</dd>
				<dt>Published version</dt>
				<dd data-testid="published-version">{lesson.publishedVersion ?? "None yet"}</dd>
				<dt>Owner</dt>
				<dd>{ownerWords(lesson, me)}</dd>
				<dt>Changed</dt>
				<dd>{formatTime(lesson.updatedAt)}</dd>
			</dl>
			{lesson.objectives.length > 0 && (
				<>
					<h3>Objectives</h3>
					<ul>
						{lesson.objectives.map((objective) => (
							<li key={objective}>{objective}</li>
						))}
					</ul>
				</>
			)}
			{canChange && !editing && (
				<div className="actions">
					<button type="button" className="button" onClick={() => setEditing(true)}>
						Edit details
					</button>
					<button type="button" className="button" disabled={act.busy} onClick={() => void archive()}>
						{archived ? "Restore lesson" : "Archive lesson"}
					</button>
				</div>
			)}
			{canChange && editing && (
				<MetadataForm
					lesson={lesson}
					onClose={(said) => {
						setEditing(false);
						if (said !== undefined) onChanged(said);
					}}
				/>
			)}
		</section>
	);
}

function MetadataForm({ lesson, onClose }: { lesson: Lesson; onClose: (said?: string) => void }) {
	const [title, setTitle] = useState(lesson.title);
	const [subject, setSubject] = useState(lesson.subject);
	const [gradeBand, setGradeBand] = useState(lesson.gradeBand);
	const [objectives, setObjectives] = useState(lesson.objectives.join("\n"));
	const save = useAction(lessonError);

	const submit = (event: FormEvent) => {
		event.preventDefault();
		if (title.trim() === "" || subject.trim() === "" || gradeBand.trim() === "") {
			save.setError("Give the lesson a title, a subject and a grade band.");
			return;
		}
		void save.run(async () => {
			const lines = objectives
				.split("\n")
				.map((line) => line.trim())
				.filter((line) => line !== "");
			await updateLesson(lesson.id, { title: title.trim(), subject: subject.trim(), gradeBand: gradeBand.trim(), objectives: lines });
			onClose("Details saved.");
		});
	};

	return (
		<form className="form card" aria-labelledby="edit-title" onSubmit={submit}>
			<h3 id="edit-title">Edit details</h3>
			{save.error !== undefined && <Alert>{save.error}</Alert>}
			<div className="field">
				<label htmlFor="edit-lesson-title">Title</label>
				<input id="edit-lesson-title" value={title} maxLength={120} onChange={(e) => setTitle(e.target.value)} />
			</div>
			<div className="field">
				<label htmlFor="edit-lesson-subject">Subject</label>
				<input id="edit-lesson-subject" value={subject} maxLength={60} onChange={(e) => setSubject(e.target.value)} />
			</div>
			<div className="field">
				<label htmlFor="edit-lesson-grade">Grade band</label>
				<input id="edit-lesson-grade" value={gradeBand} maxLength={20} onChange={(e) => setGradeBand(e.target.value)} />
			</div>
			<div className="field">
				<label htmlFor="edit-lesson-objectives">Objectives (one per line)</label>
				<textarea id="edit-lesson-objectives" rows={4} value={objectives} onChange={(e) => setObjectives(e.target.value)} />
			</div>
			<div className="actions">
				<button type="submit" className="button primary" disabled={save.busy}>
					{save.busy ? "Saving…" : "Save details"}
				</button>
				<button type="button" className="button" onClick={() => onClose()}>
					Cancel
				</button>
			</div>
		</form>
	);
}
