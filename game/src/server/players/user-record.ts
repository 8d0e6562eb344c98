import { CALL_NEEDS, type DataStoreAccess, guarded, readFresh } from "../progress/datastore-calls";

/**
 * What the game keeps about one student across servers, in the DataStore `ToolBoxAIUsers` under `User_<UserId>`
 * (one key per Roblox user, named so Roblox's right-to-erasure templates and our privacy erasure find it):
 *
 *   { v: 1,
 *     class?: { name: "<class name the service gave>",               the class the student joined
 *               id?: "<class id>" },                                  (the id since per-class lessons; older records lack it)
 *     join?:  { code: "<join code>", at: <unix seconds> },             a code typed while the service was away, not sent yet
 *     answered: { "<lessonId>": { "<stepId>": [<points>, "<token>"] } } questions answered, final on every server }
 *
 * No names, no answers' content. `token` is 8 characters naming the one write that took the answer, so a write that
 * raised can be read back and told apart from another server's. Other parts of the game may add fields within
 * format 1: every write here keeps fields it does not know. A record with a higher `v` is neither read nor written.
 *
 * An answer is final once it is here: `keepAnswer` is one UpdateAsync that takes the question only if no server
 * took it before (atomic per key), and the answer is acknowledged to the student only after that. A student who
 * leaves and joins any server before the service has their progress cannot answer it again: the server reads
 * this record when they join, and the write itself refuses a second answer.
 */
export const USER_DATASTORE = "ToolBoxAIUsers";
export const USER_RECORD_FORMAT = 1;

export function userKey(userId: number): string {
	return `User_${userId}`;
}

/** A student's record as read. */
export interface UserRecord {
	/** Points of each answered question, by lesson and step. */
	readonly answered: ReadonlyMap<string, ReadonlyMap<string, number>>;
	readonly className?: string;
	/** The id of the class joined (records written before per-class lessons have only its name). */
	readonly classId?: string;
	readonly join?: { readonly code: string; readonly at: number };
}

interface StoredRecord {
	v: number;
	class?: { name: string; id?: string };
	join?: { code: string; at: number };
	answered: Record<string, Record<string, [number, string]>>;
}

/** The stored value as a record this build can write over; "future": a newer format, left alone. */
function decode(value: unknown): StoredRecord | "future" {
	if (!typeIs(value, "table")) return { v: USER_RECORD_FORMAT, answered: {} };
	const stored = value as Partial<StoredRecord>;
	if (typeIs(stored.v, "number") && stored.v > USER_RECORD_FORMAT) return "future";
	// Fields this build does not know (added by other parts of the game within format 1) are kept as they are.
	return {
		...stored,
		v: USER_RECORD_FORMAT,
		class:
			typeIs(stored.class, "table") && typeIs(stored.class.name, "string")
				? { name: stored.class.name, id: typeIs(stored.class.id, "string") ? stored.class.id : undefined }
				: undefined,
		join: typeIs(stored.join, "table") && typeIs(stored.join.code, "string") && typeIs(stored.join.at, "number") ? { code: stored.join.code, at: stored.join.at } : undefined,
		answered: typeIs(stored.answered, "table") ? stored.answered : {},
	};
}

function answerOf(stored: StoredRecord, lessonId: string, stepId: string): [number, string] | undefined {
	const lesson = stored.answered[lessonId];
	if (!typeIs(lesson, "table")) return undefined;
	const taken = lesson[stepId];
	return typeIs(taken, "table") && typeIs(taken[0], "number") && typeIs(taken[1], "string") ? taken : undefined;
}

function toRecord(stored: StoredRecord): UserRecord {
	const answered = new Map<string, Map<string, number>>();
	for (const [lessonId, steps] of pairs(stored.answered)) {
		if (!typeIs(lessonId, "string") || !typeIs(steps, "table")) continue;
		const points = new Map<string, number>();
		for (const [stepId] of pairs(steps)) {
			if (!typeIs(stepId, "string")) continue;
			const taken = answerOf(stored, lessonId, stepId);
			if (taken !== undefined) points.set(stepId, taken[0]);
		}
		answered.set(lessonId, points);
	}
	return { answered, className: stored.class?.name, classId: stored.class?.id, join: stored.join };
}

/** The student's record (an empty one when they have none); undefined when it could not be read. */
export function readUserRecord(access: DataStoreAccess, userId: number, wait = 0): UserRecord | undefined {
	const read = guarded(access, CALL_NEEDS.get, (store) => store.GetAsync(userKey(userId)), wait);
	if (!read.ok) return undefined;
	const stored = decode(read.value);
	// A newer build's record: what it says cannot be read here, so nothing is known (the write refuses too).
	if (stored === "future") return undefined;
	return toRecord(stored);
}

/** kept: this answer is the question's, final. already: another answer took it first. failed: not known to be kept. */
export type KeepOutcome = "kept" | "already" | "failed";

/**
 * Takes `stepId` of `lessonId` as answered with `points`, unless some server took it before. `token` names this
 * write (a few characters of the answer's event id): a write that raised is read back, and counts as kept only if
 * the record holds this token.
 */
export function keepAnswer(access: DataStoreAccess, userId: number, lessonId: string, stepId: string, points: number, token: string, wait = 0): KeepOutcome {
	let outcome: KeepOutcome = "failed";
	const written = guarded(
		access,
		CALL_NEEDS.update,
		(store) =>
			store.UpdateAsync(userKey(userId), (current) => {
				const stored = decode(current);
				if (stored === "future") {
					outcome = "failed";
					return undefined;
				}
				const taken = answerOf(stored, lessonId, stepId);
				if (taken !== undefined) {
					outcome = taken[1] === token ? "kept" : "already";
					return undefined;
				}
				outcome = "kept";
				const lesson = typeIs(stored.answered[lessonId], "table") ? stored.answered[lessonId] : {};
				lesson[stepId] = [points, token];
				stored.answered[lessonId] = lesson;
				return stored;
			}),
		wait,
	);
	if (written.ok) return outcome;
	if (written.reason === "no_budget") return "failed";
	const read = readFresh(access, userKey(userId), wait);
	if (!read.ok) return "failed";
	const stored = decode(read.value);
	if (stored === "future") return "failed";
	const taken = answerOf(stored, lessonId, stepId);
	if (taken === undefined) return "failed";
	return taken[1] === token ? "kept" : "already";
}

/**
 * Keeps a join code typed while the service was away (`code`), or, once the service answered, the class joined
 * (`className` and `classId`, the kept code cleared), or forgets a class the service says they are no longer in
 * (`forgetClassId`: only when the record still names that class). Returns whether the record now says so (read back after a raised call).
 */
export function keepJoin(
	access: DataStoreAccess,
	userId: number,
	change:
		| { readonly code: string; readonly at: number }
		| { readonly className: string; readonly classId?: string }
		| { readonly clear: true }
		| { readonly forgetClassId: string },
	wait = 0,
): boolean {
	const apply = (stored: StoredRecord) => {
		if ("code" in change) stored.join = { code: change.code, at: change.at };
		else if ("className" in change) {
			stored.join = undefined;
			stored.class = { name: change.className, id: change.classId };
		} else if ("forgetClassId" in change) {
			if (stored.class?.id === change.forgetClassId) stored.class = undefined;
		} else stored.join = undefined;
	};
	const holds = (stored: StoredRecord) => {
		if ("code" in change) return stored.join?.code === change.code;
		if ("className" in change) return stored.join === undefined && stored.class?.name === change.className && stored.class?.id === change.classId;
		if ("forgetClassId" in change) return stored.class?.id !== change.forgetClassId;
		return stored.join === undefined;
	};
	let refused = false;
	const written = guarded(
		access,
		CALL_NEEDS.update,
		(store) =>
			store.UpdateAsync(userKey(userId), (current) => {
				const stored = decode(current);
				refused = stored === "future";
				if (stored === "future" || holds(stored)) return undefined;
				apply(stored);
				return stored;
			}),
		wait,
	);
	if (written.ok) return !refused;
	if (written.reason === "no_budget") return false;
	const read = readFresh(access, userKey(userId), wait);
	if (!read.ok) return false;
	const stored = decode(read.value);
	return stored !== "future" && holds(stored);
}
