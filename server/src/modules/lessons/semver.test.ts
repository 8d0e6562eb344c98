import { compareSemver } from "./semver";

describe("compareSemver", () => {
	it("orders by major, minor, patch as numbers (1.10.0 > 1.9.0, which text order gets wrong)", () => {
		expect(compareSemver("1.10.0", "1.9.0")).toBe(1);
		expect(compareSemver("2.0.0", "1.99.99")).toBe(1);
		expect(compareSemver("1.0.1", "1.0.0")).toBe(1);
		expect(compareSemver("1.0.0", "1.0.0")).toBe(0);
		expect(compareSemver("0.9.0", "1.0.0")).toBe(-1);
	});

	it("puts a pre-release below its release, and orders pre-releases by semver rules", () => {
		const ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0"];
		for (let i = 0; i + 1 < ordered.length; i++) {
			expect({ pair: [ordered[i], ordered[i + 1]], order: compareSemver(ordered[i] as string, ordered[i + 1] as string) }).toEqual({
				pair: [ordered[i], ordered[i + 1]],
				order: -1,
			});
			expect(compareSemver(ordered[i + 1] as string, ordered[i] as string)).toBe(1);
		}
	});

	it("compares numbers larger than a double holds exactly", () => {
		expect(compareSemver("1.0.90071992547409930", "1.0.90071992547409929")).toBe(1);
	});
});
