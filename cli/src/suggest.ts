import { closest, distance } from "fastest-levenshtein";

/** Options people reach for from other deploy tools, and ours that mean the same. */
const ALIASES: Readonly<Record<string, string>> = {
	"--dry-run": "--plan",
	"--dryrun": "--plan",
	"--preview": "--plan",
	"--what-if": "--plan",
	"--environment": "--env",
	"--target": "--env",
	"--stage": "--env",
	"--file": "--place",
	"--asset-dir": "--assets",
	"--yes": "--force",
	"--version": "toolboxai --version",
	"--output": "--json",
};

/**
 * What the person probably meant: a known alias when it is one of `candidates`, else the nearest candidate when
 * it is close enough to be a typo (at most a third of its length off, and never more than 3 edits).
 */
export function didYouMean(input: string, candidates: ReadonlyArray<string>): string | undefined {
	const alias = ALIASES[input.toLowerCase()];
	if (alias !== undefined && (candidates.includes(alias) || alias.startsWith("toolboxai "))) return alias;
	if (candidates.length === 0) return undefined;
	const nearest = closest(input.toLowerCase(), [...candidates]);
	const edits = distance(input.toLowerCase(), nearest);
	return edits <= Math.min(3, Math.max(1, Math.floor(input.length / 3))) ? nearest : undefined;
}

/** ` Did you mean --plan?`, or nothing. */
export function suggestion(input: string, candidates: ReadonlyArray<string>): string {
	const guess = didYouMean(input, candidates);
	return guess === undefined ? "" : ` Did you mean ${guess}?`;
}
