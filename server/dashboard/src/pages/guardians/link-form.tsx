import { useState, type FormEvent } from "react";
import { linkGuardian } from "../../api/people";
import { Alert } from "../../components/page";
import { useAction } from "../../hooks/use-action";
import { peopleError } from "../members/people-error";
import { type Person, PersonFinder } from "./person-finder";

/** One guardian and the students they may see: each link is made once (linking again changes nothing). */
export function LinkForm({ onLinked }: { onLinked: (said: string) => void }) {
	const [guardian, setGuardian] = useState<Person[]>([]);
	const [students, setStudents] = useState<Person[]>([]);
	const link = useAction(peopleError);
	const submit = async (event: FormEvent) => {
		event.preventDefault();
		const chosen = guardian[0];
		if (chosen === undefined) return link.setError("Choose the guardian.");
		if (students.length === 0) return link.setError("Choose at least one student.");
		await link.run(async () => {
			for (const student of students) await linkGuardian(chosen.id, student.id);
			setStudents([]);
			onLinked(`${chosen.displayName} is linked to ${students.map((each) => each.displayName).join(", ")}.`);
		});
	};
	return (
		<form className="form card" onSubmit={submit} aria-labelledby="link-title" noValidate>
			<h2 id="link-title">Link a guardian to students</h2>
			{link.error !== undefined && <Alert>{link.error}</Alert>}
			<PersonFinder id="link-guardian" legend="Guardian" memberRole="guardian" multiple={false} chosen={guardian} onChange={setGuardian} />
			<PersonFinder id="link-students" legend="Students" memberRole="student" multiple chosen={students} onChange={setStudents} />
			<div className="actions">
				<button type="submit" className="button primary" disabled={link.busy}>
					{link.busy ? "Linking…" : "Link"}
				</button>
			</div>
		</form>
	);
}
