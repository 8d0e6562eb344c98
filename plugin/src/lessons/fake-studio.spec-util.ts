import type { Tags } from "./convention";
import type { History } from "./history";

/** Test helpers (".spec-util": kept out of the production builds like the specs): CollectionService and ChangeHistoryService stand-ins. */

/** CollectionService over a table (instances are interned by the harness, so they work as keys). */
export function fakeTags(): Tags & { readonly tagged: Map<Instance, Set<string>> } {
	const tagged = new Map<Instance, Set<string>>();
	return {
		tagged,
		HasTag(instance, tag) {
			return tagged.get(instance)?.has(tag) ?? false;
		},
		AddTag(instance, tag) {
			const set = tagged.get(instance) ?? new Set<string>();
			set.add(tag);
			tagged.set(instance, set);
		},
		GetTagged(tag) {
			const found = new Array<Instance>();
			for (const [instance, set] of tagged) if (set.has(tag) && instance.Parent !== undefined) found.push(instance);
			return found;
		},
	};
}

export type HistoryCall =
	| { readonly call: "begin"; readonly name: string; readonly displayName?: string; readonly id?: string }
	| { readonly call: "finish"; readonly id: string; readonly operation: string };

/** ChangeHistoryService that records calls; `busy` makes TryBeginRecording refuse, as Studio does while a recording is open. */
export function fakeHistory(busy = false): History & { readonly calls: Array<HistoryCall>; open: number } {
	const calls = new Array<HistoryCall>();
	let n = 0;
	const history = {
		calls,
		open: 0,
		TryBeginRecording(name: string, displayName?: string) {
			if (busy || history.open > 0) {
				calls.push({ call: "begin", name, displayName, id: undefined });
				return undefined;
			}
			n += 1;
			const id = `rec-${n}`;
			history.open += 1;
			calls.push({ call: "begin", name, displayName, id });
			return id;
		},
		FinishRecording(id: string, operation: "Commit" | "Cancel" | "Append") {
			history.open -= 1;
			calls.push({ call: "finish", id, operation });
		},
	};
	return history;
}
