import type { ControlRule } from "./host";
import type { ParseOptions, StringSchema } from "./types";

/**
 * Control characters in contract strings, one rule for both runtimes:
 * - U+0000 is refused in every string, always: Postgres text and JSONB cannot hold it, and C strings end at it.
 * - The other C0 controls (U+0001–U+001F) and DEL (U+007F) are refused in every string we receive: no person
 *   types them, they do not show, and they break the places text goes (logs, CSV, Roblox TextLabels). Free text
 *   keeps tab, line feed and carriage return (lesson text, prompts, notes are written on several lines).
 * - Ids, names and titles (`singleLine`) refuse those three as well: they are shown on one line and compared.
 * - Text read back from storage (replies) refuses only U+0000, so whatever was stored before this rule stays
 *   readable; that is what `controlCharacters: "tolerate"` is for.
 * Record keys are names: single-line.
 */
export function controlRuleOf(schema: StringSchema<string>, tolerate: boolean): ControlRule {
	if (tolerate) return "nul";
	return schema.singleLine === true ? "line" : "text";
}

export function keyControlRule(tolerate: boolean): ControlRule {
	return tolerate ? "nul" : "line";
}

/** Whether a parse tolerates stored control characters (see ParseOptions.controlCharacters). */
export function toleratesControls(options: ParseOptions): boolean {
	if (options.controlCharacters !== undefined) return options.controlCharacters === "tolerate";
	return options.unknownKeys === "strip";
}

const HEX = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F"];

/** "U+0009" for 9: the way the message names the refused character (it may not print). */
export function codePointName(code: number): string {
	let text = "";
	let rest = code;
	for (let i = 0; i < 4; i++) {
		const digit = rest % 16;
		const name = HEX[digit];
		text = `${name === undefined ? "?" : name}${text}`;
		rest = (rest - digit) / 16;
	}
	return `U+${text}`;
}

export function controlMessage(code: number, rule: ControlRule): string {
	if (rule === "line") return `must not contain ${codePointName(code)}: no control characters, tabs or line breaks here`;
	if (rule === "text") return `must not contain ${codePointName(code)}: no control characters except tab, line feed and carriage return`;
	return `must not contain ${codePointName(code)}`;
}
