import { z } from "zod";
import type { JobDefinition } from "../infrastructure.types";
import { PermanentJobError, UnknownJobError } from "./errors";
import { payloadParser } from "./payload";
import { backoffDelay, jobIdFor, JobRegistry, openEnvelope } from "./registry";

const v2: JobDefinition<{ n: number }> = {
	name: "test.versioned",
	version: 2,
	parse: payloadParser("test.versioned", z.object({ n: z.number() })),
	handle: async () => undefined,
};

test("envelope stores the parsed payload with the definition's version; unknown names and double defines throw", () => {
	const registry = new JobRegistry();
	registry.define(v2);
	expect(registry.envelope("test.versioned", { n: 1, junk: true }).envelope).toEqual({ version: 2, payload: { n: 1 } });
	expect(() => registry.envelope("nope", {})).toThrow(UnknownJobError);
	expect(() => registry.define(v2)).toThrow(/defined twice/);
});

test("openEnvelope: same or older version parses; a failing one is permanent; a newer one is left for retry", () => {
	expect(openEnvelope(v2 as JobDefinition<unknown>, { version: 1, payload: { n: 3 } })).toEqual({ n: 3 });
	expect(() => openEnvelope(v2 as JobDefinition<unknown>, { version: 2, payload: { n: "x" } })).toThrow(PermanentJobError);
	const newer = (() => {
		try {
			openEnvelope(v2 as JobDefinition<unknown>, { version: 3, payload: { n: 3 } });
		} catch (error) {
			return error;
		}
	})();
	expect(newer).toBeInstanceOf(Error);
	expect(newer).not.toBeInstanceOf(PermanentJobError);
	expect((newer as Error).message).toMatch(/newer than this worker's version 2/);
});

test("job ids: the idempotency key namespaced by job name, escaped for BullMQ; random without a key", () => {
	expect(jobIdFor("mail.send", { idempotencyKey: "user:1" })).toBe("mail.send/user%3A1");
	expect(jobIdFor("mail.send", { idempotencyKey: "100%:x" })).toBe("mail.send/100%25%3Ax");
	expect(jobIdFor("mail.send", { idempotencyKey: "42" })).not.toBe(jobIdFor("other.job", { idempotencyKey: "42" }));
	expect(jobIdFor("mail.send")).toMatch(/^[0-9a-f-]{36}$/);
	expect(jobIdFor("mail.send")).not.toBe(jobIdFor("mail.send"));
});

test("backoff doubles from the base delay, like BullMQ's exponential strategy", () => {
	expect([1, 2, 3, 4].map((failed) => backoffDelay(1000, failed))).toEqual([1000, 2000, 4000, 8000]);
});
