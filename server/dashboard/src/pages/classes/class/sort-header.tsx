import type { ProgressView, SortKey } from "./progress-view";

/** A column header that sorts the table by its column: ascending first, again for descending (aria-sort says which). */
export function SortHeader({ label, column, view, onSort }: { label: string; column: SortKey; view: ProgressView; onSort: (view: ProgressView) => void }) {
	const sorted = view.sort === column;
	const next = sorted && view.direction === "ascending" ? "descending" : "ascending";
	return (
		<th scope="col" aria-sort={sorted ? view.direction : undefined}>
			<button type="button" className="sort-button" onClick={() => onSort({ ...view, sort: column, direction: next })}>
				{label}
				<span aria-hidden="true">{sorted ? (view.direction === "ascending" ? " ▲" : " ▼") : ""}</span>
				<span className="visually-hidden">{sorted ? `, sorted ${view.direction}` : ", sort"}</span>
			</button>
		</th>
	);
}
