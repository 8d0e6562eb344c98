import { useState, type FormEvent } from "react";
import type { Class } from "@toolboxai/shared";
import { createClass } from "../../api/classes";
import { fieldProblem } from "../../api/errors";
import { Alert } from "../../components/page";
import { useAction } from "../../hooks/use-action";
import { classError } from "./class-error";

/** A refused name is said on its field; anything else above the form. */
type Problems = { name?: string; form?: string };

function refusal(caught: unknown): Problems {
	return fieldProblem(caught, "/name") === undefined ? { form: classError(caught) } : { name: "Give the class a name of up to 120 characters." };
}

export function CreateClassForm({ onCreated }: { onCreated: (created: Class) => void }) {
	const [name, setName] = useState("");
	const [gradeBand, setGradeBand] = useState("");
	const [subject, setSubject] = useState("");
	const create = useAction(refusal);
	const { name: problem, form: formError } = create.error ?? {};

	const submit = async (event: FormEvent) => {
		event.preventDefault();
		if (name.trim() === "") {
			create.setError({ name: "Give the class a name (up to 120 characters)." });
			return;
		}
		await create.run(async () => {
			const created = await createClass({
				name: name.trim(),
				...(gradeBand.trim() === "" ? {} : { gradeBand: gradeBand.trim() }),
				...(subject.trim() === "" ? {} : { subject: subject.trim() }),
			});
			setName("");
			setGradeBand("");
			setSubject("");
			onCreated(created);
		});
	};

	return (
		<form className="form card" onSubmit={submit} noValidate aria-labelledby="new-class-title">
			<h2 id="new-class-title">Create a class</h2>
			{formError !== undefined && <Alert>{formError}</Alert>}
			<div className="field">
				<label htmlFor="new-class-name">Class name</label>
				<input
					id="new-class-name"
					value={name}
					onChange={(e) => setName(e.target.value)}
					maxLength={120}
					autoComplete="off"
					aria-invalid={problem !== undefined}
					aria-describedby={problem === undefined ? undefined : "new-class-name-error"}
				/>
				{problem !== undefined && (
					<p className="field-error" id="new-class-name-error" role="alert">
						{problem}
					</p>
				)}
			</div>
			<div className="field">
				<label htmlFor="new-class-grade">Grade band (optional)</label>
				<input id="new-class-grade" value={gradeBand} onChange={(e) => setGradeBand(e.target.value)} maxLength={32} autoComplete="off" placeholder="e.g. 6-8" />
			</div>
			<div className="field">
				<label htmlFor="new-class-subject">Subject (optional)</label>
				<input id="new-class-subject" value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={64} autoComplete="off" />
			</div>
			<div className="actions">
				<button type="submit" className="button primary" disabled={create.busy}>
					{create.busy ? "Creating…" : "Create class"}
				</button>
			</div>
		</form>
	);
}
