import { storedFilePath } from "./stored-file";

const TENANT = "0b7e4a52-8f3d-4c55-9a61-7d2f0c9e1b34";

test("storedFilePath builds only tenants/<lower-case uuid>/files/<sha256>", () => {
	expect(storedFilePath(TENANT, "b".repeat(64))).toBe(`tenants/${TENANT}/files/${"b".repeat(64)}`);
	expect(() => storedFilePath("../../x", "b".repeat(64))).toThrow();
	expect(() => storedFilePath(TENANT.toUpperCase(), "b".repeat(64))).toThrow();
	expect(() => storedFilePath(TENANT, "../secrets")).toThrow();
	expect(() => storedFilePath(TENANT, "B".repeat(64))).toThrow();
});
