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

interface DateTimeParts {
	readonly year: number;
	readonly month: number;
	readonly day: number;
	readonly hour: number;
	readonly minute: number;
	readonly second: number;
	/** The first three digits of the fraction (truncated). */
	readonly millis: number;
	/** Minutes east of UTC. */
	readonly offset: number;
}

/**
 * RFC 3339 §5.6 date-time: YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM). As the RFC's note allows, "t" and "z" may be
 * lower case; the fraction has any number of digits; second 60 (a leap second) only where it can be one, at 23:59
 * UTC. Years 0000–9999 as the grammar says: ranges (e.g. "not before 2020") are the contract's, not the format's.
 */
function readDateTime(codes: Array<number>): DateTimeParts | undefined {
	const size = count(codes);
	if (size < 20) return undefined;
	const year = digits(codes, 0, 4);
	const month = digits(codes, 5, 2);
	const day = digits(codes, 8, 2);
	const hour = digits(codes, 11, 2);
	const minute = digits(codes, 14, 2);
	const second = digits(codes, 17, 2);
	const t = codeAt(codes, 10);
	if (year < 0 || codeAt(codes, 4) !== DASH || codeAt(codes, 7) !== DASH || (t !== 84 && t !== 116)) return undefined;
	if (codeAt(codes, 13) !== COLON || codeAt(codes, 16) !== COLON) return undefined;
	if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
	if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return undefined;
	let at = 19;
	let millis = 0;
	if (codeAt(codes, at) === DOT) {
		at += 1;
		const start = at;
		while (at < size && isDigit(codeAt(codes, at))) {
			if (at - start < 3) millis += (codeAt(codes, at) - ZERO) * (at === start ? 100 : at === start + 1 ? 10 : 1);
			at += 1;
		}
		if (at === start) return undefined;
	}
	let offset = 0;
	if (at === size - 1) {
		const z = codeAt(codes, at);
		if (z !== 90 && z !== 122) return undefined;
	} else {
		if (at !== size - 6) return undefined;
		const sign = codeAt(codes, at);
		if (sign !== PLUS && sign !== DASH) return undefined;
		const offsetHours = digits(codes, at + 1, 2);
		const offsetMinutes = digits(codes, at + 4, 2);
		if (codeAt(codes, at + 3) !== COLON || offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) return undefined;
		offset = (sign === PLUS ? 1 : -1) * (offsetHours * 60 + offsetMinutes);
	}
	if (second === 60 && utcMinuteOfDay(hour * 60 + minute - offset) !== 23 * 60 + 59) return undefined;
	return { year, month, day, hour, minute, second, millis, offset };
}

function isDateTime(codes: Array<number>): boolean {
	return readDateTime(codes) !== undefined;
}

function utcMinuteOfDay(minutes: number): number {
	let m = minutes;
	while (m < 0) m += 1440;
	while (m >= 1440) m -= 1440;
	return m;
}

/** Whole-number division of a non-negative number (the same in JS and Luau, where `%` differs only below zero). */
function div(a: number, b: number): number {
	return (a - (a % b)) / b;
}

const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
/** Days from 0000-01-01 to 1970-01-01 in the proleptic Gregorian calendar. */
const DAYS_TO_1970 = 719528;

function isLeap(year: number): boolean {
	return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysFromYearZero(year: number, month: number, day: number): number {
	const leapYearsBefore = year === 0 ? 0 : div(year - 1, 4) - div(year - 1, 100) + div(year - 1, 400) + 1;
	const before = DAYS_BEFORE_MONTH[month - 1];
	return 365 * year + leapYearsBefore + (before === undefined ? 0 : before) + (month > 2 && isLeap(year) ? 1 : 0) + day - 1;
}

/**
 * The instant of an RFC 3339 date-time in milliseconds since 1970-01-01T00:00:00Z (a leap second counts as the
 * next second, as Postgres reads it), or undefined when the text is not one. Plain arithmetic, so both runtimes
 * agree, and it holds for every year the format allows (JavaScript's Date.parse refuses a leap second).
 */
export function dateTimeMillis(codes: Array<number> | undefined): number | undefined {
	if (codes === undefined) return undefined;
	const p = readDateTime(codes);
	if (p === undefined) return undefined;
	const days = daysFromYearZero(p.year, p.month, p.day) - DAYS_TO_1970;
	return ((days * 24 + p.hour) * 60 + p.minute - p.offset) * 60000 + p.second * 1000 + p.millis;
}

function daysIn(year: number, month: number): number {
	if (month === 2) return isLeap(year) ? 29 : 28;
	if (month === 4 || month === 6 || month === 9 || month === 11) return 30;
	return 31;
}

function isIdentifierCharacter(c: number): boolean {
	return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === DASH;
}

/**
 * SemVer 2.0.0 without build metadata: MAJOR.MINOR.PATCH with no leading zeros, then an optional pre-release of
 * dot-separated, non-empty identifiers of [0-9A-Za-z-] (numeric ones without leading zeros). The product narrows
 * the spec by refusing "+build": two versions that differ only in build metadata have the same precedence, and a
 * version number must name one lesson version.
 */
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
	if (codeAt(codes, at) !== DASH) return false;
	at += 1;
	while (true) {
		const start = at;
		let numeric = true;
		while (at < size && isIdentifierCharacter(codeAt(codes, at))) {
			if (!isDigit(codeAt(codes, at))) numeric = false;
			at += 1;
		}
		if (at === start || (numeric && at - start > 1 && codeAt(codes, start) === ZERO)) return false;
		if (at === size) return true;
		if (codeAt(codes, at) !== DOT) return false;
		at += 1;
	}
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
