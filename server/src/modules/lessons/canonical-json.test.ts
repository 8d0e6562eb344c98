import { createHash } from "node:crypto";
import { canonicalJson, contentHash } from "./canonical-json";

describe("canonicalJson", () => {
	it("sorts keys at every depth and writes no whitespace", () => {
		expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: "x" } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
	});

	it("keeps array order (steps are ordered) and escapes strings as JSON does", () => {
		expect(canonicalJson(["b", "a", 'q"\n'])).toBe('["b","a","q\\"\\n"]');
	});

	it("drops undefined members, as the wire does", () => {
		expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
	});

	it("gives the same text, so the same hash, for the same content in any key order", () => {
		const one = { title: "T", steps: [{ id: "s", kind: "instruction", text: "hi" }], schemaVersion: 1 };
		const two = { schemaVersion: 1, steps: [{ text: "hi", kind: "instruction", id: "s" }], title: "T" };
		expect(contentHash(one)).toBe(contentHash(two));
		expect(contentHash(one)).not.toBe(contentHash({ ...two, title: "U" }));
	});

	it("hashes as sha256 hex of the canonical text", () => {
		const expected = createHash("sha256").update('{"a":1,"b":"é"}', "utf8").digest("hex");
		expect(contentHash({ b: "é", a: 1 })).toBe(expected);
		expect(contentHash({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
	});
});
