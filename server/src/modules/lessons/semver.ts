/**
 * Semantic version precedence (semver.org §11): MAJOR.MINOR.PATCH compared numerically, a pre-release is
 * lower than its release, pre-release identifiers compared left to right (numeric ones as numbers and below
 * alphanumeric ones, which compare as ASCII), a shorter identifier list is lower when all else is equal.
 * Build metadata is not part of the accepted format (the shared "semver" format refuses "+").
 */
export function compareSemver(a: string, b: string): number {
	const [coreA, preA] = split(a);
	const [coreB, preB] = split(b);
	for (let i = 0; i < 3; i++) {
		const diff = compareNumeric(coreA[i] ?? "0", coreB[i] ?? "0");
		if (diff !== 0) return diff;
	}
	if (preA === undefined || preB === undefined) return preA === preB ? 0 : preA === undefined ? 1 : -1;
	const idsA = preA.split(".");
	const idsB = preB.split(".");
	for (let i = 0; i < Math.min(idsA.length, idsB.length); i++) {
		const diff = compareIdentifier(idsA[i] as string, idsB[i] as string);
		if (diff !== 0) return diff;
	}
	return Math.sign(idsA.length - idsB.length);
}

function split(version: string): [string[], string | undefined] {
	const dash = version.indexOf("-");
	const core = dash === -1 ? version : version.slice(0, dash);
	return [core.split("."), dash === -1 ? undefined : version.slice(dash + 1)];
}

const NUMERIC = /^\d+$/;

/** Digits compared as numbers of any size (no float rounding): longer is bigger once leading zeros are gone. */
function compareNumeric(a: string, b: string): number {
	const x = a.replace(/^0+(?=\d)/, "");
	const y = b.replace(/^0+(?=\d)/, "");
	if (x.length !== y.length) return Math.sign(x.length - y.length);
	return x < y ? -1 : x > y ? 1 : 0;
}

function compareIdentifier(a: string, b: string): number {
	const numA = NUMERIC.test(a);
	const numB = NUMERIC.test(b);
	if (numA && numB) return compareNumeric(a, b);
	if (numA !== numB) return numA ? -1 : 1;
	return a < b ? -1 : a > b ? 1 : 0;
}
