import { type FormEvent, useState } from "react";
import type { LessonStatus } from "@toolboxai/shared";
import type { LessonFilters } from "../../api/lessons";

/** Search and filters for the lesson library: applied together when the form is sent (Enter works in every field). */
export function LessonFilterForm({ applied, onApply }: { applied: LessonFilters; onApply: (filters: LessonFilters) => void }) {
	const [q, setQ] = useState(applied.q ?? "");
	const [subject, setSubject] = useState(applied.subject ?? "");
	const [gradeBand, setGradeBand] = useState(applied.gradeBand ?? "");
	const [status, setStatus] = useState<LessonStatus | "">(applied.status ?? "");
	const [owner, setOwner] = useState(applied.mine === true ? "me" : "");

	const submit = (event: FormEvent) => {
		event.preventDefault();
		onApply({
			...(q.trim() === "" ? {} : { q: q.trim() }),
			...(subject.trim() === "" ? {} : { subject: subject.trim() }),
			...(gradeBand.trim() === "" ? {} : { gradeBand: gradeBand.trim() }),
			...(status === "" ? {} : { status }),
			...(owner === "me" ? { mine: true } : {}),
		});
	};

	return (
		<form className="filters" aria-label="Find lessons" onSubmit={submit}>
			<div className="field">
				<label htmlFor="lesson-q">Title contains</label>
				<input id="lesson-q" type="search" value={q} maxLength={120} onChange={(e) => setQ(e.target.value)} />
			</div>
			<div className="field">
				<label htmlFor="lesson-subject">Subject</label>
				<input id="lesson-subject" value={subject} maxLength={60} onChange={(e) => setSubject(e.target.value)} />
			</div>
			<div className="field">
				<label htmlFor="lesson-grade">Grade band</label>
				<input id="lesson-grade" value={gradeBand} maxLength={20} placeholder="e.g. 3-5" onChange={(e) => setGradeBand(e.target.value)} />
			</div>
			<div className="field">
				<label htmlFor="lesson-status">Status</label>
				<select id="lesson-status" value={status} onChange={(e) => setStatus(e.target.value as LessonStatus | "")}>
					<option value="">Drafts and published</option>
					<option value="draft">Drafts</option>
					<option value="published">Published</option>
					<option value="archived">Archived</option>
				</select>
			</div>
			<div className="field">
				<label htmlFor="lesson-owner">Owner</label>
				<select id="lesson-owner" value={owner} onChange={(e) => setOwner(e.target.value)}>
					<option value="">Anyone in the school</option>
					<option value="me">Mine</option>
				</select>
			</div>
			<div className="actions">
				<button type="submit" className="button primary">
					Search
				</button>
			</div>
		</form>
	);
}
