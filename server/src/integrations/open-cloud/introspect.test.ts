import { FakeOpenCloud, FULL_ACCESS_KEY } from "./__tests__/fake-open-cloud";
import { API_KEY, clientFor, simulatedClock } from "./__tests__/test-kit";
import { OpenCloudError } from "./errors";
import { introspectKeyRequest } from "./requests";

let fake: FakeOpenCloud;

beforeEach(async () => {
	fake = await new FakeOpenCloud({ apiKey: API_KEY }).start();
});
afterEach(() => fake.close());

test("introspectKey posts {apiKey} without an x-api-key header and reads the documented answer, ids as strings", async () => {
	const { client } = clientFor(fake, simulatedClock());
	const answer = await client.introspectKey(API_KEY);
	expect(answer).toEqual({
		name: FULL_ACCESS_KEY.name,
		authorizedUserId: "234",
		scopes: [
			{ name: "universe-places", operations: ["write"], universeIds: ["*"] },
			{ name: "asset", operations: ["read", "write"], userIds: ["*"], groupIds: ["*"] },
			{ name: "universe-messaging-service", operations: ["publish"], universeIds: ["*"] },
			{ name: "universe-datastores.objects", operations: ["create", "update"], universeDatastores: [{ universeId: "*", datastoreName: "*" }] },
		],
		enabled: true,
		expired: false,
		expirationTimeUtc: "2027-01-01T12:00:00.000Z",
		dryRun: false,
	});
	const request = fake.requests[0];
	expect([request?.method, request?.path, request?.headers["x-api-key"], request?.headers["content-type"]]).toEqual([
		"POST",
		"/api-keys/v1/introspect",
		undefined,
		"application/json",
	]);
	expect(JSON.parse(request?.body.toString() ?? "")).toEqual({ apiKey: API_KEY });
});

test("numeric ids, a single universeId and unknown fields are read leniently; a missing flag does not refuse", async () => {
	fake.keyProfiles.set("other-key", {
		name: "legacy",
		authorizedUserId: "99",
		scopes: [{ name: "universe.place", operations: ["Write"], universeId: 123, extra: true }, { operations: ["x"] }],
		enabled: true,
		expired: false,
	});
	const { client } = clientFor(fake, simulatedClock());
	const answer = await client.introspectKey("other-key");
	expect(answer.scopes).toEqual([{ name: "universe.place", operations: ["Write"], universeIds: ["123"] }]);
	expect(answer.authorizedUserId).toBe("99");
	expect(answer.expirationTimeUtc).toBeUndefined();
});

test("an unknown key is a 401 unauthenticated OpenCloudError; a 5xx is retried and then thrown", async () => {
	const { client } = clientFor(fake, simulatedClock(), { retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 } });
	const refused = await client.introspectKey("nope").catch((error: unknown) => error);
	expect(refused).toBeInstanceOf(OpenCloudError);
	expect([(refused as OpenCloudError).status, (refused as OpenCloudError).code]).toEqual([401, "unauthenticated"]);

	fake.inject(/^POST \/api-keys\/v1\/introspect$/, { status: 503, body: "" }, { status: 500, body: "" });
	const failed = await client.introspectKey(API_KEY).catch((error: unknown) => error);
	expect([(failed as OpenCloudError).status, (failed as OpenCloudError).retryable]).toEqual([500, true]);
	expect(fake.requests.filter((r) => r.path === "/api-keys/v1/introspect")).toHaveLength(3);
});

test("the dry-run description of the request names only the key's last four characters", () => {
	const request = introspectKeyRequest({ baseUrl: fake.url }, "secret-key-abcd");
	expect(request.bodyDescription).toBe('{"apiKey": "…abcd"}');
	expect(request.headers).toEqual({ "Content-Type": "application/json" });
});
