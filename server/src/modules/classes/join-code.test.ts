import { generateJoinCode, JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, normaliseJoinCode } from "./join-code";

describe("join codes", () => {
	it("use no vowel and none of the look-alikes 0/O, 1/I/L, 5/S, 2/Z, 8/B", () => {
		for (const char of "AEIOU0O1IL5S2Z8B") expect(JOIN_CODE_ALPHABET).not.toContain(char);
		expect(new Set(JOIN_CODE_ALPHABET).size).toBe(JOIN_CODE_ALPHABET.length);
	});

	it("are 7 characters of the alphabet, and 2000 draws use every symbol without repeating a code", () => {
		expect(JOIN_CODE_LENGTH).toBeGreaterThanOrEqual(6);
		expect(JOIN_CODE_LENGTH).toBeLessThanOrEqual(8);
		const codes = Array.from({ length: 2000 }, generateJoinCode);
		for (const code of codes) expect(code).toMatch(new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`));
		expect(new Set(codes).size).toBe(codes.length);
		expect(new Set(codes.join(""))).toEqual(new Set(JOIN_CODE_ALPHABET));
	});

	it("are read case-insensitively, ignoring spaces and dashes; anything else is not a code", () => {
		expect(normaliseJoinCode("hkm-7rtx")).toBe("HKM7RTX");
		expect(normaliseJoinCode(" HKM 7RTX ")).toBe("HKM7RTX");
		expect(normaliseJoinCode("HKM7RT")).toBeUndefined();
		expect(normaliseJoinCode("HKM7RTXX")).toBeUndefined();
		expect(normaliseJoinCode("HKM7RT0")).toBeUndefined();
		expect(normaliseJoinCode("' OR 1=1")).toBeUndefined();
	});
});
