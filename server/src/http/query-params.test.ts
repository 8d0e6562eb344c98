import type { Request } from "express";
import { pageQuery, queryText } from "./query-params";

const req = (query: Record<string, unknown>) => ({ query }) as unknown as Request;
const LIMITS = { defaultLimit: 50, maxLimit: 200 };

test("a page: the default limit, a given limit and cursor; an empty cursor is none", () => {
	expect(pageQuery(req({}), LIMITS)).toEqual({ limit: 50 });
	expect(pageQuery(req({ limit: "200", cursor: "abc" }), LIMITS)).toEqual({ limit: 200, cursor: "abc" });
	expect(pageQuery(req({ cursor: "" }), LIMITS)).toEqual({ limit: 50 });
});

test.each([["0"], ["201"], ["1.5"], ["-1"], ["ten"], ["1e2"]])("limit %s is refused with the range in plain words", (limit) => {
	expect(() => pageQuery(req({ limit }), LIMITS)).toThrow(expect.objectContaining({ code: "bad_request", message: "limit must be a whole number from 1 to 200." }));
});

test("a parameter given twice, or too long, is refused", () => {
	expect(() => pageQuery(req({ cursor: ["a", "b"] }), LIMITS)).toThrow("Give cursor once.");
	expect(() => pageQuery(req({ limit: ["1", "2"] }), LIMITS)).toThrow("Give limit once.");
	expect(() => pageQuery(req({ cursor: "x".repeat(513) }), LIMITS)).toThrow("cursor is longer than 512 characters.");
	expect(queryText(req({ environment: "staging" }), "environment", 32)).toBe("staging");
	expect(() => queryText(req({ environment: "x".repeat(33) }), "environment", 32)).toThrow("environment is longer than 32 characters.");
});
