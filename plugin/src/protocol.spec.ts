import { describe, expect, it } from "@rbxts/jest-globals";
import { PROTOCOL_VERSION } from "@toolboxai/shared";
import { checkProtocol } from "@toolboxai/shared/out/luau";

// The protocol rule as the plugin and game run it: the shared Luau build of checkProtocol.
describe("checkProtocol (shared, Luau build)", () => {
	it("accepts any version with the same major", () => {
		expect(checkProtocol(PROTOCOL_VERSION)).toEqual({ compatible: true, message: "" });
		expect(checkProtocol("1.99.7", "1.0.0").compatible).toBe(true);
	});

	it("refuses another major and names both versions", () => {
		const check = checkProtocol("2.0.0", "1.3.0");
		expect(check.compatible).toBe(false);
		expect(check.message).toBe(
			"Cannot use this server: it speaks ToolBoxAI protocol 2.0.0, this copy speaks 1.3.0. The server is newer: update the ToolBoxAI plugin or game modules.",
		);
	});

	it("compares majors as numbers, not text", () => {
		expect(checkProtocol("10.0.0", "1.0.0").compatible).toBe(false);
		expect(checkProtocol("12.1.0", "12.0.0").compatible).toBe(true);
	});

	it("refuses a version without a leading number", () => {
		expect(checkProtocol("v1.0.0", "1.0.0").compatible).toBe(false);
		expect(checkProtocol("", "1.0.0").compatible).toBe(false);
	});
});
