import { FakeOpenCloud } from "./__tests__/fake-open-cloud";
import { API_KEY, clientFor, simulatedClock } from "./__tests__/test-kit";
import { errorFromResponse, OpenCloudError, retryAfterFromHeaders } from "./errors";

const context = { context: "Publishing place 2", nowMs: 0 };

// Every documented error shape (facts sheet, "Rate limits and errors"), and what it must become.
const SHAPES: Array<[string, number, string, Partial<OpenCloudError>, string]> = [
	["gateway errors[]", 401, JSON.stringify({ errors: [{ code: 0, message: "Invalid API Key" }] }), { code: "unauthenticated", robloxCode: "0" }, "Invalid API Key"],
	[
		"v2 {code,message,details}",
		400,
		JSON.stringify({ code: "INVALID_ARGUMENT", message: "topic is too long", details: [{ field: "topic" }] }),
		{ code: "invalid_argument", robloxCode: "INVALID_ARGUMENT", details: [{ field: "topic" }] },
		"topic is too long",
	],
	["v2 PERMISSION_DENIED", 403, JSON.stringify({ code: "PERMISSION_DENIED", message: "Insufficient scope" }), { code: "permission_denied" }, "Insufficient scope"],
	["v2 NOT_FOUND", 404, JSON.stringify({ code: "NOT_FOUND", message: "Universe not found" }), { code: "not_found" }, "Universe not found"],
	["v2 ABORTED", 409, JSON.stringify({ code: "ABORTED", message: "Place is locked" }), { code: "conflict", robloxCode: "ABORTED" }, "Place is locked"],
	["v2 RESOURCE_EXHAUSTED", 429, JSON.stringify({ code: "RESOURCE_EXHAUSTED", message: "Slow down" }), { code: "rate_limited", retryable: true }, "Slow down"],
	["v2 INTERNAL", 500, JSON.stringify({ code: "INTERNAL", message: "boom" }), { code: "internal", retryable: true }, "boom"],
	["v2 UNAVAILABLE", 503, JSON.stringify({ code: "UNAVAILABLE", message: "try later" }), { code: "unavailable", retryable: true }, "try later"],
	[
		"v1 {error,message,errorDetails}",
		400,
		JSON.stringify({ error: "INVALID_ARGUMENT", message: "Invalid entry key", errorDetails: [{ errorDetailType: "DatastoreErrorInfo", datastoreErrorCode: "InvalidEntryKey" }] }),
		{ code: "invalid_argument", robloxCode: "INVALID_ARGUMENT", details: [{ errorDetailType: "DatastoreErrorInfo", datastoreErrorCode: "InvalidEntryKey" }] },
		"Invalid entry key",
	],
	[
		"v1 {code,message}",
		403,
		JSON.stringify({ code: "INSUFFICIENT_SCOPE", message: "The API key lacks scope" }),
		{ code: "permission_denied", robloxCode: "INSUFFICIENT_SCOPE" },
		"lacks scope",
	],
	[
		"RFC 9110 validation problem",
		400,
		JSON.stringify({
			type: "https://tools.ietf.org/html/rfc9110#section-15.5.1",
			title: "One or more validation errors occurred.",
			status: 400,
			errors: { versionType: ["The value 'Live' is not valid."] },
			traceId: "00-1",
		}),
		{ code: "invalid_argument", traceId: "00-1" },
		"versionType: The value 'Live' is not valid.",
	],
	[
		"ASP.NET problem details",
		500,
		JSON.stringify({ type: "https://tools.ietf.org/html/rfc9110#section-15.6.1", title: "An error occurred while processing your request.", status: 500, traceId: "00-abc-01" }),
		{ code: "internal", traceId: "00-abc-01", retryable: true },
		"An error occurred while processing your request.",
	],
	["HTML from a proxy", 502, "<html><body><h1>502 Bad Gateway</h1></body></html>", { code: "unavailable", retryable: true }, "502 Bad Gateway"],
	["plain text", 403, "Forbidden", { code: "permission_denied", retryable: false }, "Forbidden"],
	["empty body", 504, "", { code: "timeout", retryable: true }, "answered 504"],
	["unknown JSON", 418, JSON.stringify({ weird: true }), { code: "bad_response", retryable: false }, "answered 418"],
];

test.each(SHAPES)("maps %s", (_name, status, body, expected, messagePart) => {
	const error = errorFromResponse({ status, body }, context);
	expect(error).toBeInstanceOf(OpenCloudError);
	expect(error).toMatchObject({ status, ...expected });
	expect(error.message).toContain(messagePart);
	expect(error.message).toContain("Publishing place 2");
});

test("every shape reaches the caller as an OpenCloudError through the real client and transport", async () => {
	const fake = await new FakeOpenCloud({ apiKey: API_KEY }).start();
	try {
		const { client } = clientFor(fake, simulatedClock(), { retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
		for (const [, status, body, expected] of SHAPES) {
			fake.inject(/publishMessage/, { status, body });
			const error = await client.publishMessage({ universeId: "1", topic: "t", message: "m" }).catch((thrown: unknown) => thrown);
			expect(error).toBeInstanceOf(OpenCloudError);
			expect(error).toMatchObject({ status, ...expected });
		}
		expect(fake.requests).toHaveLength(SHAPES.length);
	} finally {
		await fake.close();
	}
});

test("retry-after beats x-ratelimit-reset; an HTTP date works; garbage gives nothing", () => {
	expect(retryAfterFromHeaders({ "retry-after": "3", "x-ratelimit-reset": "50" }, 0)).toBe(3000);
	expect(retryAfterFromHeaders({ "x-ratelimit-reset": "50" }, 0)).toBe(50_000);
	expect(retryAfterFromHeaders({ "retry-after": new Date(10_000).toUTCString() }, 4000)).toBe(6000);
	expect(retryAfterFromHeaders({ "retry-after": "soon" }, 0)).toBeUndefined();
	expect(retryAfterFromHeaders(undefined, 0)).toBeUndefined();
	// A 4xx never carries a wait, whatever its headers say: it is not retried.
	expect(errorFromResponse({ status: 400, body: "", headers: { "retry-after": "5" } }, context).retryAfterMs).toBeUndefined();
	expect(errorFromResponse({ status: 429, body: "", headers: { "retry-after": "5" } }, context).retryAfterMs).toBe(5000);
});
