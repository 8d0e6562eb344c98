import { type FormEvent, useState } from "react";
import type { Class, Lesson, LessonClassList, LessonVersionSummary } from "@toolboxai/shared";
import { assignLesson, listClasses } from "../../api/classes";
import { Alert, Loading } from "../../components/page";
import { useAction } from "../../hooks/use-action";
import { useLoad } from "../../hooks/use-load";
import { lessonError } from "./lesson-error";
import { assignableVersions } from "./lesson-rules";

/** Enough for any one teacher's or school's picker; the list says when there are more. */
const MAX_CLASS_PAGES = 10;

async function activeClasses(): Promise<{ classes: Class[]; more: boolean }> {
	const classes: Class[] = [];
	let cursor: string | undefined;
	for (let page = 0; page < MAX_CLASS_PAGES; page++) {
		const answer = await listClasses(false, cursor);
		classes.push(...answer.items);
		cursor = answer.nextCursor;
		if (cursor === undefined) return { classes, more: false };
	}
	return { classes, more: true };
}

/**
 * Assigns a published version (the current one, or one published before: going back) to the classes ticked. A class
 * that has the lesson already gets the chosen version instead of its own.
 */
export function AssignToClasses({
	lesson,
	versions,
	lessonClasses,
	onChanged,
}: {
	lesson: Lesson;
	versions: LessonVersionSummary[];
	lessonClasses: LessonClassList;
	onChanged: (said: string) => void;
}) {
	const classes = useLoad(activeClasses, [], lessonError);
	const assignable = assignableVersions(versions, lesson);
	const [version, setVersion] = useState(lesson.publishedVersion ?? assignable[0]?.version ?? "");
	const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
	const assign = useAction(lessonError);
	const current = new Map(lessonClasses.items.map((klass) => [klass.classId, klass.version]));

	const toggle = (classId: string, on: boolean) =>
		setTicked((now) => {
			const next = new Set(now);
			if (on) next.add(classId);
			else next.delete(classId);
			return next;
		});

	const submit = (event: FormEvent) => {
		event.preventDefault();
		const chosen = (classes.data?.classes ?? []).filter((klass) => ticked.has(klass.id));
		if (version === "" || chosen.length === 0) {
			assign.setError("Choose a version and at least one class.");
			return;
		}
		void assign.run(async () => {
			const done: string[] = [];
			try {
				for (const klass of chosen) {
					await assignLesson(klass.id, lesson.id, version);
					done.push(klass.name);
				}
			} finally {
				setTicked(new Set());
				if (done.length > 0) onChanged(`Version ${version} assigned to ${done.join(", ")}.`);
			}
		});
	};

	if (assignable.length === 0) {
		return (
			<section aria-labelledby="assign-classes-title">
				<h2 id="assign-classes-title">Assign to classes</h2>
				<p className="muted">Publish a version first: only published versions can be assigned.</p>
			</section>
		);
	}
	return (
		<form className="form card" aria-labelledby="assign-classes-title" onSubmit={submit}>
			<h2 id="assign-classes-title">Assign to classes</h2>
			{assign.error !== undefined && <Alert>{assign.error}</Alert>}
			{classes.error !== undefined && <Alert>{classes.error}</Alert>}
			<div className="field">
				<label htmlFor="assign-version">Version</label>
				<select id="assign-version" value={version} onChange={(e) => setVersion(e.target.value)}>
					{assignable.map((v) => (
						<option key={v.version} value={v.version}>
							{v.version === lesson.publishedVersion ? `${v.version} (published now)` : `${v.version} (published before)`}
						</option>
					))}
				</select>
			</div>
			{classes.loading && <Loading label="Loading classes…" />}
			{classes.data !== undefined && classes.data.classes.length === 0 && <p className="muted">No classes yet: create one on the Classes page.</p>}
			{classes.data !== undefined && classes.data.classes.length > 0 && (
				<fieldset>
					<legend>Classes</legend>
					{classes.data.classes.map((klass) => {
						const has = current.get(klass.id);
						return (
							<label key={klass.id} className="choice">
								<input type="checkbox" checked={ticked.has(klass.id)} onChange={(e) => toggle(klass.id, e.target.checked)} />
								{klass.name}
								{has === undefined ? "" : ` (has ${has})`}
							</label>
						);
					})}
					{classes.data.more && <p className="muted">Only the first classes are listed; assign the others from their class page.</p>}
				</fieldset>
			)}
			<div className="actions">
				<button type="submit" className="button primary" disabled={assign.busy}>
					{assign.busy ? "Assigning…" : "Assign"}
				</button>
			</div>
		</form>
	);
}
