import { type FormEvent, useState } from "react";
import type { LessonDiff, LessonVersionSummary } from "@toolboxai/shared";
import { diffVersions } from "../../api/lessons";
import { Alert } from "../../components/page";
import { useAction } from "../../hooks/use-action";
import { lessonError } from "./lesson-error";
import { diffSentences } from "./lesson-rules";

/** What changed between any two versions (the next-newest and the newest at first), in sentences. */
export function VersionDiff({ lessonId, versions }: { lessonId: string; versions: LessonVersionSummary[] }) {
	const [from, setFrom] = useState(versions[1]?.version ?? "");
	const [to, setTo] = useState(versions[0]?.version ?? "");
	const [diff, setDiff] = useState<LessonDiff>();
	const compare = useAction(lessonError);

	const submit = (event: FormEvent) => {
		event.preventDefault();
		void compare.run(async () => {
			setDiff(undefined);
			setDiff(await diffVersions(lessonId, from, to));
		});
	};

	return (
		<form className="form card" aria-labelledby="diff-title" onSubmit={submit}>
			<h2 id="diff-title">Compare versions</h2>
			{compare.error !== undefined && <Alert>{compare.error}</Alert>}
			<div className="filters">
				<div className="field">
					<label htmlFor="diff-from">From</label>
					<select id="diff-from" value={from} onChange={(e) => setFrom(e.target.value)}>
						{versions.map((v) => (
							<option key={v.version} value={v.version}>
								{v.version}
							</option>
						))}
					</select>
				</div>
				<div className="field">
					<label htmlFor="diff-to">To</label>
					<select id="diff-to" value={to} onChange={(e) => setTo(e.target.value)}>
						{versions.map((v) => (
							<option key={v.version} value={v.version}>
								{v.version}
							</option>
						))}
					</select>
				</div>
				<div className="actions">
					<button type="submit" className="button" disabled={compare.busy}>
						{compare.busy ? "Comparing…" : "Compare"}
					</button>
				</div>
			</div>
			{diff !== undefined && (
				<section aria-label={`Changes from ${diff.from} to ${diff.to}`}>
					<h3>
						From {diff.from} to {diff.to}
					</h3>
					<ul data-testid="diff-lines">
						{diffSentences(diff).map((sentence) => (
							<li key={sentence}>{sentence}</li>
						))}
					</ul>
				</section>
			)}
		</form>
	);
}
