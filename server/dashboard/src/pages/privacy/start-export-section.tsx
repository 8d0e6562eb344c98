import { type FormEvent, useState } from "react";
import { createPrivacyRequest, fetchMembers } from "../../api/privacy";
import { Alert, Notice } from "../../components/page";
import { useAction } from "../../hooks/use-action";
import { useLoad } from "../../hooks/use-load";

const METHODS: ReadonlyArray<[string, string]> = [
	["school_records", "Checked against the school's records"],
	["signed_in_account", "The person asked from their own signed-in account"],
	["in_person", "Checked in person"],
	["document", "Checked a document"],
	["other", "Other"],
];

/** Starts an export (an access request) of one student's or staff member's data, or of the whole school. */
export function StartExportSection({ onStarted }: { onStarted: () => Promise<void> }) {
	const members = useLoad(() => fetchMembers(), []);
	const start = useAction();
	const [subject, setSubject] = useState("");
	const [method, setMethod] = useState("school_records");
	const [note, setNote] = useState("");
	const [started, setStarted] = useState<string>();
	const people = (members.data?.items ?? []).filter((member) => member.roles.some((role) => role !== "guardian" && role !== "platform_admin"));

	const submit = (event: FormEvent) => {
		event.preventDefault();
		const member = people.find((person) => person.user.id === subject);
		void start.run(async () => {
			const kind = member === undefined ? "school" : member.roles.includes("student") ? "student" : "staff";
			await createPrivacyRequest({
				kind: "access",
				subject: member === undefined ? { kind: "school" } : { kind, userId: member.user.id },
				identityCheck: { method: method as "school_records", ...(note.trim() === "" ? {} : { note: note.trim() }) },
			});
			setStarted(member === undefined ? "the whole school" : member.user.displayName);
			await onStarted();
		});
	};

	return (
		<section aria-labelledby="privacy-export">
			<h2 id="privacy-export">Export someone's data</h2>
			<p className="muted">The archive holds every kind of data we keep about the person, as JSON and CSV; other people in it are masked.</p>
			{members.error !== undefined && <Alert>{members.error}</Alert>}
			<form className="form" onSubmit={submit}>
				<div className="field">
					<label htmlFor="export-subject">Whose data</label>
					<select id="export-subject" value={subject} onChange={(event) => setSubject(event.target.value)}>
						<option value="">The whole school</option>
						{people.map((person) => (
							<option key={person.user.id} value={person.user.id}>
								{person.user.displayName} ({person.roles.includes("student") ? "student" : "staff"})
							</option>
						))}
					</select>
				</div>
				<div className="field">
					<label htmlFor="export-check">How you checked who is asking</label>
					<select id="export-check" value={method} onChange={(event) => setMethod(event.target.value)}>
						{METHODS.map(([value, label]) => (
							<option key={value} value={value}>
								{label}
							</option>
						))}
					</select>
				</div>
				<div className="field">
					<label htmlFor="export-note">Note (optional)</label>
					<input id="export-note" type="text" maxLength={500} value={note} onChange={(event) => setNote(event.target.value)} />
				</div>
				<div className="actions">
					<button type="submit" className="button primary" disabled={start.busy}>
						{start.busy ? "Starting…" : "Start export"}
					</button>
				</div>
			</form>
			{start.error !== undefined && <Alert>{start.error}</Alert>}
			{started !== undefined && <Notice>Export of {started} started. It appears below, with a download once it is ready; we also mail you.</Notice>}
		</section>
	);
}
