import { AUDIT_ACTION_NAMES, AUDIT_ACTIONS } from "@toolboxai/shared/node";
import { useState, type FormEvent } from "react";
import type { AuditQuery } from "../../api/identity";
import { dayStartInSchoolZone } from "../../format";

/** The "what" choices, by their labels in alphabetical order. */
const ACTION_CHOICES = AUDIT_ACTION_NAMES.map((action) => ({ action, label: AUDIT_ACTIONS[action].label })).sort((a, b) => a.label.localeCompare(b.label));

export interface FilterDraft {
	readonly who: string;
	readonly action: string;
	readonly fromDay: string;
	readonly toDay: string;
}

export const NO_FILTERS: FilterDraft = { who: "", action: "", fromDay: "", toDay: "" };

/** The query a draft asks for: "to" includes its whole day. */
export function queryOf(draft: FilterDraft): AuditQuery {
	const from = draft.fromDay === "" ? undefined : dayStartInSchoolZone(draft.fromDay);
	const to = draft.toDay === "" ? undefined : dayStartInSchoolZone(draft.toDay, 1);
	return {
		...(draft.who.trim() === "" ? {} : { who: draft.who.trim() }),
		...(draft.action === "" ? {} : { action: draft.action }),
		...(from === undefined ? {} : { from }),
		...(to === undefined ? {} : { to }),
	};
}

/** Who, what and when: applied with the button (or Enter), so typing a name does not ask the service per key. */
export function AuditFilterForm({ applied, onApply }: { applied: FilterDraft; onApply: (draft: FilterDraft) => void }) {
	const [draft, setDraft] = useState(applied);
	const set = (change: Partial<FilterDraft>) => setDraft((current) => ({ ...current, ...change }));
	const submit = (event: FormEvent) => {
		event.preventDefault();
		onApply(draft);
	};
	const filtered = JSON.stringify(applied) !== JSON.stringify(NO_FILTERS);
	return (
		<form className="filters card" onSubmit={submit} aria-label="Filter events">
			<div className="field">
				<label htmlFor="audit-who">Who</label>
				<input id="audit-who" value={draft.who} maxLength={80} placeholder="Part of a name or key" onChange={(e) => set({ who: e.target.value })} />
			</div>
			<div className="field">
				<label htmlFor="audit-what">What</label>
				<select id="audit-what" value={draft.action} onChange={(e) => set({ action: e.target.value })}>
					<option value="">Every kind of event</option>
					{ACTION_CHOICES.map(({ action, label }) => (
						<option key={action} value={action}>
							{label}
						</option>
					))}
				</select>
			</div>
			<div className="field">
				<label htmlFor="audit-from">From</label>
				<input id="audit-from" type="date" value={draft.fromDay} onChange={(e) => set({ fromDay: e.target.value })} />
			</div>
			<div className="field">
				<label htmlFor="audit-to">To (including)</label>
				<input id="audit-to" type="date" value={draft.toDay} onChange={(e) => set({ toDay: e.target.value })} />
			</div>
			<div className="actions">
				<button type="submit" className="button primary">
					Show events
				</button>
				{filtered && (
					<button
						type="button"
						className="button"
						onClick={() => {
							setDraft(NO_FILTERS);
							onApply(NO_FILTERS);
						}}
					>
						Clear filters
					</button>
				)}
			</div>
		</form>
	);
}
