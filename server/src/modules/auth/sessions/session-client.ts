import type { SessionClientKind } from "@toolboxai/shared";

/** Which kind of client holds a session: people see it on the sessions page, and Studio sessions slide. */
export type SessionClient = SessionClientKind;

export interface SessionClientInfo {
	readonly kind: SessionClient;
	/** What a person recognises it by: the device name typed in Studio, or the browser and system. */
	readonly label?: string;
}

/** A label fits the column (1 to 120 characters); an empty one is left out. */
export function clientLabel(text: string | undefined): string | null {
	const trimmed = text?.trim() ?? "";
	return trimmed === "" ? null : [...trimmed].slice(0, 120).join("");
}
