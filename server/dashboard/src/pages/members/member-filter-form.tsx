import { useState, type FormEvent } from "react";
import type { TenantRole } from "@toolboxai/shared";
import type { MemberFilter } from "../../api/people";
import { roleWord, SCHOOL_ROLES } from "./role-words";

/**
 * What someone types is an email address (it has an @: found exactly) or part of a name. An address is never
 * searched by part: once addresses are stored encrypted only an exact lookup can find one.
 */
export function filterOf(search: string, role: string): MemberFilter {
	const text = search.trim();
	return {
		...(text === "" ? {} : text.includes("@") ? { email: text } : { name: text }),
		...(role === "" ? {} : { role: role as TenantRole }),
	};
}

/** Search and role, applied with the button (or Enter). */
export function MemberFilterForm({ onApply }: { onApply: (filter: MemberFilter) => void }) {
	const [search, setSearch] = useState("");
	const [role, setRole] = useState("");
	const submit = (event: FormEvent) => {
		event.preventDefault();
		onApply(filterOf(search, role));
	};
	return (
		<form className="filters card" onSubmit={submit} aria-label="Find members">
			<div className="field">
				<label htmlFor="members-search">Name or exact email</label>
				<input id="members-search" value={search} maxLength={254} onChange={(e) => setSearch(e.target.value)} aria-describedby="members-search-hint" />
				<span id="members-search-hint" className="muted">
					Part of a name, or a whole email address.
				</span>
			</div>
			<div className="field">
				<label htmlFor="members-role">Role</label>
				<select id="members-role" value={role} onChange={(e) => setRole(e.target.value)}>
					<option value="">Every role</option>
					{SCHOOL_ROLES.map((each) => (
						<option key={each} value={each}>
							{roleWord(each)}
						</option>
					))}
				</select>
			</div>
			<div className="actions">
				<button type="submit" className="button primary">
					Find
				</button>
			</div>
		</form>
	);
}
