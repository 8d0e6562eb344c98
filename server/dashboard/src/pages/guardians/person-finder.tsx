import { useState } from "react";
import type { TenantRole } from "@toolboxai/shared";
import { listMembers, type Member } from "../../api/people";
import { Alert } from "../../components/page";
import { useAction } from "../../hooks/use-action";
import { filterOf } from "../members/member-filter-form";
import { peopleError } from "../members/people-error";

export interface Person {
	readonly id: string;
	readonly displayName: string;
}

const SHOWN = 20;

/**
 * Finds members with one role by part of their name or their exact email, and lets one (radio) or several
 * (checkboxes) be chosen. The choice is kept while searching again, so students can be gathered from several searches.
 */
export function PersonFinder({
	id,
	legend,
	memberRole,
	multiple,
	chosen,
	onChange,
}: {
	id: string;
	legend: string;
	memberRole: TenantRole;
	multiple: boolean;
	chosen: ReadonlyArray<Person>;
	onChange: (chosen: Person[]) => void;
}) {
	const [search, setSearch] = useState("");
	const [found, setFound] = useState<Member[]>();
	const find = useAction(peopleError);
	const run = () =>
		find.run(async () => {
			setFound((await listMembers(filterOf(search, memberRole), undefined, SHOWN)).items);
		});
	const isChosen = (person: Person) => chosen.some((each) => each.id === person.id);
	const choose = (person: Person, on: boolean) => {
		if (!multiple) return onChange(on ? [person] : []);
		onChange(on ? [...chosen.filter((each) => each.id !== person.id), person] : chosen.filter((each) => each.id !== person.id));
	};
	const shown: Person[] = [...chosen, ...(found ?? []).map((member) => ({ id: member.user.id, displayName: member.user.displayName })).filter((person) => !isChosen(person))];
	return (
		<fieldset className="field">
			<legend>{legend}</legend>
			<div className="confirm">
				<label htmlFor={`${id}-search`} className="visually-hidden">
					{`${legend}: name or exact email`}
				</label>
				<input
					id={`${id}-search`}
					value={search}
					maxLength={254}
					placeholder="Name or exact email"
					onChange={(e) => setSearch(e.target.value)}
					onKeyDown={(e) => {
						if (e.key === "Enter") {
							e.preventDefault();
							void run();
						}
					}}
				/>
				<button type="button" className="button small" disabled={find.busy} onClick={() => void run()}>
					{find.busy ? "Finding…" : "Find"}
				</button>
			</div>
			{find.error !== undefined && <Alert>{find.error}</Alert>}
			{found !== undefined && found.length === 0 && <p className="muted">Nobody with that name or email has this role.</p>}
			{shown.map((person) => (
				<label key={person.id} className="choice">
					<input type={multiple ? "checkbox" : "radio"} name={id} checked={isChosen(person)} onChange={(e) => choose(person, e.target.checked)} /> {person.displayName}
				</label>
			))}
		</fieldset>
	);
}
