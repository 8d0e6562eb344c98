import { type FormEvent, useEffect, useRef, useState } from "react";
import type { LessonClassList } from "@toolboxai/shared";
import { publishVersion } from "../../api/lessons";
import { Alert } from "../../components/page";
import { useAction } from "../../hooks/use-action";
import { lessonError } from "./lesson-error";
import { defaultMoves, moveCandidates } from "./lesson-rules";

/**
 * Publishing a version, confirmed here: each class on another version of the lesson is offered a move to this one
 * (the caller's own classes ticked). Classes not ticked keep their version; assigning is never silent.
 */
export function PublishPanel({ lessonId, version, classes, onDone }: { lessonId: string; version: string; classes: LessonClassList; onDone: (said?: string) => void }) {
	const candidates = moveCandidates(classes.items, version);
	const [moves, setMoves] = useState(() => defaultMoves(candidates));
	const publish = useAction(lessonError);
	// Opening the confirmation moves the keyboard to it.
	const heading = useRef<HTMLHeadingElement>(null);
	useEffect(() => heading.current?.focus(), []);

	const toggle = (classId: string, on: boolean) =>
		setMoves((now) => {
			const next = new Set(now);
			if (on) next.add(classId);
			else next.delete(classId);
			return next;
		});

	const submit = (event: FormEvent) => {
		event.preventDefault();
		void publish.run(async () => {
			const chosen = candidates.filter((klass) => moves.has(klass.classId));
			await publishVersion(
				lessonId,
				version,
				chosen.map((klass) => klass.classId),
			);
			const moved = chosen.map((klass) => klass.className);
			onDone(`Version ${version} published.${moved.length === 0 ? " No class was moved." : ` Moved to it: ${moved.join(", ")}.`}`);
		});
	};

	return (
		<form className="form card" aria-labelledby="publish-title" onSubmit={submit}>
			<h2 id="publish-title" ref={heading} tabIndex={-1}>
				Publish version {version}
			</h2>
			<p>Publishing makes this version the one classes can be assigned. Each class keeps the version it has unless you move it here.</p>
			{publish.error !== undefined && <Alert>{publish.error}</Alert>}
			{candidates.length === 0 ? (
				<p className="muted">No class of yours has another version of this lesson assigned.</p>
			) : (
				<fieldset>
					<legend>Move these classes to version {version}</legend>
					{candidates.map((klass) => (
						<label key={klass.classId} className="choice">
							<input type="checkbox" checked={moves.has(klass.classId)} onChange={(e) => toggle(klass.classId, e.target.checked)} />
							{klass.className} (now on {klass.version}
							{klass.mine ? "" : ", another teacher's class"})
						</label>
					))}
				</fieldset>
			)}
			{classes.hiddenClasses > 0 && (
				<p className="muted">
					{classes.hiddenClasses === 1 ? "1 class of another teacher has" : `${classes.hiddenClasses} classes of other teachers have`} this lesson too; they keep their version.
				</p>
			)}
			<div className="actions">
				<button type="submit" className="button primary" disabled={publish.busy}>
					{publish.busy ? "Publishing…" : `Publish ${version}`}
				</button>
				<button type="button" className="button" disabled={publish.busy} onClick={() => onDone()}>
					Cancel
				</button>
			</div>
		</form>
	);
}
