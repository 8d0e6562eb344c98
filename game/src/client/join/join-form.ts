import { t } from "@rbxts/t";
import { normaliseJoinCode } from "shared/join-code";
import { JOIN_UNAVAILABLE_TEXT } from "shared/lesson-menu";

/**
 * The class-code form's logic (the ScreenGui in ./gui only shows it): what was typed, whether it can be sent,
 * the message to show, and the state while the server answers. The server checks everything again; the checks
 * here only spare the student a round trip for an obvious typo.
 */
export type JoinPhase = "editing" | "pending" | "joined" | "error";

export interface JoinFormState {
	readonly text: string;
	readonly phase: JoinPhase;
	readonly message: string;
	readonly canSubmit: boolean;
}

export const MESSAGES = {
	prompt: "Type the class code your teacher shows.",
	badCode: "That doesn't look like a class code. Codes have 7 letters and numbers.",
	pending: "Joining…",
	wrongCode: "That code didn't work. Check it with your teacher: it may have expired.",
	tryLater: "Couldn't join right now. Wait a moment and try again.",
	classFull: "This class is full: your school has no free student seats. Tell your teacher.",
	subscriptionEnded: "Your school's subscription has ended, so no one can join a class right now. Tell your teacher.",
	joined: (className: string) => `You joined ${className}!`,
	// The code is kept and sent again by the server once the service answers; the lessons start then.
	joinedOffline: JOIN_UNAVAILABLE_TEXT,
} as const;

/** What the server may answer; anything else is treated as "try later" (never trust a remote's reply shape). */
const isAnswer = t.union(
	t.strictInterface({ status: t.literal("joined"), className: t.string }),
	t.strictInterface({ status: t.literal("bad_code") }),
	t.strictInterface({ status: t.literal("wrong_code") }),
	t.strictInterface({ status: t.literal("try_later") }),
	t.strictInterface({ status: t.literal("joined_offline") }),
	t.strictInterface({ status: t.literal("class_full") }),
	t.strictInterface({ status: t.literal("subscription_ended") }),
);

export interface JoinForm {
	state(): JoinFormState;
	setText(text: string): JoinFormState;
	/** Sends the code through `invoke` (the RemoteFunction; may yield). Ignored while pending or after joining. */
	submit(invoke: (code: string) => unknown): JoinFormState;
	onChanged(listener: (state: JoinFormState) => void): void;
}

export function createJoinForm(): JoinForm {
	let state: JoinFormState = { text: "", phase: "editing", message: MESSAGES.prompt, canSubmit: false };
	const listeners = new Array<(state: JoinFormState) => void>();

	function set(nextState: JoinFormState): JoinFormState {
		state = nextState;
		for (const listener of listeners) listener(state);
		return state;
	}

	return {
		state() {
			return state;
		},
		setText(text) {
			if (state.phase === "pending" || state.phase === "joined") return state;
			const valid = normaliseJoinCode(text) !== undefined;
			const message = text === "" || valid ? MESSAGES.prompt : MESSAGES.badCode;
			return set({ text, phase: "editing", message, canSubmit: valid });
		},
		submit(invoke) {
			if (state.phase === "pending" || state.phase === "joined") return state;
			const code = normaliseJoinCode(state.text);
			if (code === undefined) return set({ ...state, phase: "error", message: MESSAGES.badCode, canSubmit: false });
			set({ ...state, phase: "pending", message: MESSAGES.pending, canSubmit: false });
			const [ran, answer] = pcall(invoke, code);
			if (!ran || !isAnswer(answer)) return set({ ...state, phase: "error", message: MESSAGES.tryLater, canSubmit: true });
			if (answer.status === "joined") return set({ ...state, phase: "joined", message: MESSAGES.joined(answer.className), canSubmit: false });
			if (answer.status === "joined_offline") return set({ ...state, phase: "joined", message: MESSAGES.joinedOffline, canSubmit: false });
			if (answer.status === "try_later") return set({ ...state, phase: "error", message: MESSAGES.tryLater, canSubmit: true });
			if (answer.status === "class_full") return set({ ...state, phase: "error", message: MESSAGES.classFull, canSubmit: false });
			if (answer.status === "subscription_ended") return set({ ...state, phase: "error", message: MESSAGES.subscriptionEnded, canSubmit: false });
			return set({ ...state, phase: "error", message: answer.status === "wrong_code" ? MESSAGES.wrongCode : MESSAGES.badCode, canSubmit: false });
		},
		onChanged(listener) {
			listeners.push(listener);
		},
	};
}
