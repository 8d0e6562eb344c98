import type { RequestKind } from "./progress/datastore-calls";

/** The modern request types (Roblox marks the legacy GetAsync/SetIncrementAsync/UpdateAsync ones "should not be used"). */
const REQUEST_TYPES: { readonly [kind in RequestKind]: Enum.DataStoreRequestType } = {
	read: Enum.DataStoreRequestType.StandardRead,
	write: Enum.DataStoreRequestType.StandardWrite,
	remove: Enum.DataStoreRequestType.StandardRemove,
	list: Enum.DataStoreRequestType.StandardList,
};

/** Engine glue: this server's DataStore request budget by kind. */
export function dataStoreBudget(service: DataStoreService): (kind: RequestKind) => number {
	return (kind) => {
		const [ok, budget] = pcall(() => service.GetRequestBudgetForRequestType(REQUEST_TYPES[kind]));
		// Not known (never so in Roblox for these types): do not block every call on it.
		return ok ? budget : math.huge;
	};
}
