import type { StringFormat } from "./host";

/**
 * String formats checked over ASCII character codes, so the same code decides on Node and in Luau
 * (no regex on one side and Lua patterns on the other). Any non-ASCII text fails every format.
 */
export function matchesFormat(codes: Array<number> | undefined, format: StringFormat): boolean {
	if (codes === undefined) return false;
	if (format === "uuid") return isUuid(codes);
	if (format === "date-time") return isDateTime(codes);
	if (format === "semver") return isSemver(codes);
	if (format === "sha256") return isSha256(codes);
	return isEmail(codes);
}

const ZERO = 48;
const NINE = 57;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const PLUS = 43;
const AT = 64;

/** The code at a 0-based index, or -1 past the end (keeps comparisons on plain numbers for rbxtsc). */
function codeAt(codes: Array<number>, index: number): number {
	const c = codes[index];
	return c === undefined ? -1 : c;
}

function isDigit(c: number): boolean {
	return c >= ZERO && c <= NINE;
}

function isHex(c: number): boolean {
	return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** A SHA-256 digest as 64 lower-case hex digits (the one spelling, so equal files have equal text). */
function isSha256(codes: Array<number>): boolean {
	if (count(codes) !== 64) return false;
	for (const c of codes) if (!(isDigit(c) || (c >= 97 && c <= 102))) return false;
	return true;
}

function count(codes: Array<number>): number {
	let n = 0;
	for (const _ of codes) n += 1;
	return n;
}

/** 8-4-4-4-12 hex digits, any version. */
function isUuid(codes: Array<number>): boolean {
	if (count(codes) !== 36) return false;
	let index = 0;
	for (const c of codes) {
		const dash = index === 8 || index === 13 || index === 18 || index === 23;
		if (dash ? c !== DASH : !isHex(c)) return false;
		index += 1;
	}
	return true;
}

/** Reads `width` digits at `at` as a number, or -1. */
function digits(codes: Array<number>, at: number, width: number): number {
	let value = 0;
	for (let i = at; i < at + width; i++) {
		const c = codeAt(codes, i);
		if (!isDigit(c)) return -1;
		value = value * 10 + (c - ZERO);
	}
	return value;
}

/** RFC 3339 date-time: YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM), upper-case T and Z. */
function isDateTime(codes: Array<number>): boolean {
	const size = count(codes);
	if (size < 20) return false;
	const year = digits(codes, 0, 4);
	const month = digits(codes, 5, 2);
	const day = digits(codes, 8, 2);
	const hour = digits(codes, 11, 2);
	const minute = digits(codes, 14, 2);
	const second = digits(codes, 17, 2);
	if (year < 0 || codeAt(codes, 4) !== DASH || codeAt(codes, 7) !== DASH || codeAt(codes, 10) !== 84) return false;
	if (codeAt(codes, 13) !== COLON || codeAt(codes, 16) !== COLON) return false;
	if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return false;
	if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return false;
	let at = 19;
	if (codeAt(codes, at) === DOT) {
		at += 1;
		const start = at;
		while (at < size && isDigit(codeAt(codes, at))) at += 1;
		if (at === start || at - start > 9) return false;
	}
	if (at === size - 1) return codeAt(codes, at) === 90;
	if (at !== size - 6) return false;
	if (codeAt(codes, at) !== PLUS && codeAt(codes, at) !== DASH) return false;
	const offsetHours = digits(codes, at + 1, 2);
	const offsetMinutes = digits(codes, at + 4, 2);
	return codeAt(codes, at + 3) === COLON && offsetHours >= 0 && offsetHours <= 23 && offsetMinutes >= 0 && offsetMinutes <= 59;
}

function daysIn(year: number, month: number): number {
	if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
	if (month === 4 || month === 6 || month === 9 || month === 11) return 30;
	return 31;
}

/** MAJOR.MINOR.PATCH, no leading zeros, optional -prerelease of [0-9A-Za-z.-]. */
function isSemver(codes: Array<number>): boolean {
	const size = count(codes);
	let at = 0;
	for (let part = 0; part < 3; part++) {
		const start = at;
		while (at < size && isDigit(codeAt(codes, at))) at += 1;
		if (at === start || (codeAt(codes, start) === ZERO && at - start > 1)) return false;
		if (part < 2) {
			if (codeAt(codes, at) !== DOT) return false;
			at += 1;
		}
	}
	if (at === size) return true;
	if (codeAt(codes, at) !== DASH || at === size - 1) return false;
	for (let i = at + 1; i < size; i++) {
		const c = codeAt(codes, i);
		const ok = isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === DOT || c === DASH;
		if (!ok) return false;
	}
	return true;
}

/** local@domain.tld: one @, no spaces or control characters, a dot in the domain not at its ends. */
function isEmail(codes: Array<number>): boolean {
	const size = count(codes);
	if (size > 254) return false;
	let at = -1;
	for (let i = 0; i < size; i++) {
		const c = codeAt(codes, i);
		if (c <= 32 || c === 127) return false;
		if (c === AT) {
			if (at >= 0) return false;
			at = i;
		}
	}
	if (at < 1 || at > 64 || at >= size - 3) return false;
	let dot = false;
	for (let i = at + 2; i < size - 1; i++) if (codeAt(codes, i) === DOT) dot = true;
	return dot && codeAt(codes, at + 1) !== DOT && codeAt(codes, size - 1) !== DOT;
}
