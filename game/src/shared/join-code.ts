/**
 * Class join codes as students type them, checked the same way on the client (instant message) and on the server
 * (the authority). Mirrors the service's normaliseJoinCode (server/src/modules/classes/join-code.ts): case does
 * not matter, spaces, dashes, underscores and dots typed along are ignored.
 */
export const JOIN_CODE_ALPHABET = "CDFHJKMNPRTVWXY34679";
export const JOIN_CODE_LENGTH = 7;
/** What a text box may hold before it is not worth looking at (a code with a few separators fits). */
export const JOIN_INPUT_MIN = 4;
export const JOIN_INPUT_MAX = 16;

/** The stored (upper-case) form, or undefined when `input` cannot be a join code. */
export function normaliseJoinCode(input: string): string | undefined {
	if (input.size() < JOIN_INPUT_MIN || input.size() > JOIN_INPUT_MAX) return undefined;
	const [code] = input.upper().gsub("[%s%-_%.]", "");
	if (code.size() !== JOIN_CODE_LENGTH) return undefined;
	for (let i = 1; i <= code.size(); i++) {
		const [found] = JOIN_CODE_ALPHABET.find(code.sub(i, i), 1, true);
		if (found === undefined) return undefined;
	}
	return code;
}

/** What the server answers the client's join attempt (never the service's raw error). */
export type JoinAnswer =
	/** classId: the class's id, for the server's choice of lessons (an older server's answer has none). */
	| { readonly status: "joined"; readonly className: string; readonly classId?: string }
	/** Not a code at all (typo, wrong length, letters codes never use). */
	| { readonly status: "bad_code" }
	/** A well-formed code no class of this experience's school has now: mistyped, rotated, expired or archived. */
	| { readonly status: "wrong_code" }
	/** Too many tries, a join already in flight, or the service cannot answer now. */
	| { readonly status: "try_later" }
	/** The school has used all the student seats it pays for. */
	| { readonly status: "class_full" }
	/** The school's subscription has ended: no new joins. */
	| { readonly status: "subscription_ended" }
	/**
	 * The service cannot be reached: the code looks right and is kept, the student plays the deployed lessons now, and
	 * the join (and the progress kept meanwhile) is sent once the service is back.
	 */
	| { readonly status: "joined_offline" };

/** The RemoteFunction's name in ReplicatedStorage. */
export const JOIN_REMOTE_NAME = "ToolBoxAIJoinClass";
