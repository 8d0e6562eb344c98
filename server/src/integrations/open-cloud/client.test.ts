import { FakeOpenCloud, parseMultipart } from "./__tests__/fake-open-cloud";
import { API_KEY, clientFor, simulatedClock, type SimulatedClock } from "./__tests__/test-kit";
import type { OpenCloudClient } from "./client";
import { OpenCloudError } from "./errors";

let fake: FakeOpenCloud;
let clock: SimulatedClock;
let client: OpenCloudClient;

beforeEach(async () => {
	fake = await new FakeOpenCloud({ apiKey: API_KEY, pollsUntilDone: 2 }).start();
	clock = simulatedClock();
	client = clientFor(fake, clock).client;
});

afterEach(() => fake.close());

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
const place = Buffer.from("<roblox!\x89\xff\x0d\x0a\x1a\x0a binary place", "latin1");

async function rejection(promise: Promise<unknown>): Promise<OpenCloudError> {
	const error = await promise.then(
		() => undefined,
		(thrown: unknown) => thrown,
	);
	expect(error).toBeInstanceOf(OpenCloudError);
	return error as OpenCloudError;
}

describe("happy paths against the fake", () => {
	test("createAsset sends the two multipart parts; waitForOperation polls past a missing `done` with backoff", async () => {
		const operation = await client.createAsset({
			assetType: "Image",
			displayName: "Volcano diagram",
			description: "Lesson 3",
			creator: { groupId: "42" },
			file: { bytes: png, contentType: "image/png", fileName: "volcano.png" },
		});
		expect(operation).toEqual({ operationId: expect.stringMatching(/^op-/), done: false, dryRun: false });

		const upload = fake.requests[0];
		expect(upload?.headers["x-api-key"]).toBe(API_KEY);
		const parts = parseMultipart(upload?.body ?? Buffer.alloc(0), upload?.headers["content-type"]);
		if (typeof parts === "string") throw new Error(parts);
		expect(parts.map((part) => [part.name, part.contentType])).toEqual([
			["request", "application/json"],
			["fileContent", "image/png"],
		]);
		expect(JSON.parse(parts[0]?.body.toString() ?? "")).toEqual({
			assetType: "Image",
			displayName: "Volcano diagram",
			description: "Lesson 3",
			creationContext: { creator: { groupId: "42" } },
		});
		expect(parts[1]?.body.equals(png)).toBe(true);

		const asset = await client.waitForOperation(operation.operationId);
		expect(asset).toEqual({ assetId: expect.stringMatching(/^\d+$/), revisionId: "1", moderationState: "approved", dryRun: false });
		// Two answers without `done`, then done: three polls, waiting 1 s then 2 s between them.
		expect(fake.requests.filter((r) => r.path.startsWith("/assets/v1/operations/"))).toHaveLength(3);
		expect(clock.sleeps).toEqual([1000, 2000]);
	});

	test("updateAsset PATCHes the asset with an updateMask naming the changed fields", async () => {
		const operation = await client.updateAsset({
			assetId: "987",
			displayName: "Castle v2",
			file: { bytes: Buffer.from("<roblox!model"), contentType: "model/x-rbxm", fileName: "castle.rbxm" },
		});
		const request = fake.requests[0];
		expect([request?.method, request?.path, request?.query.get("updateMask")]).toEqual(["PATCH", "/assets/v1/assets/987", "displayName"]);
		expect(await client.waitForOperation(operation.operationId)).toMatchObject({ assetId: "987" });
	});

	test("a failed operation throws operation_failed with Roblox's reason", async () => {
		const operation = await client.createAsset({
			assetType: "Decal",
			displayName: "x",
			creator: { userId: "1" },
			file: { bytes: png, contentType: "image/png", fileName: "x.png" },
		});
		fake.failOperation(operation.operationId, { code: "INVALID_ARGUMENT", message: "Image failed moderation" });
		const error = await rejection(client.waitForOperation(operation.operationId));
		expect([error.code, error.robloxCode, error.retryable]).toEqual(["operation_failed", "INVALID_ARGUMENT", false]);
		expect(error.message).toContain("Image failed moderation");
	});

	test("an operation that never finishes stops after maxPolls", async () => {
		const slow = clientFor(fake, clock, { poll: { firstDelayMs: 500, factor: 1.5, maxDelayMs: 1000, maxPolls: 2 } }).client;
		const operation = await slow.createAsset({
			assetType: "Model",
			displayName: "m",
			creator: { userId: "1" },
			file: { bytes: Buffer.from("m"), contentType: "model/x-rbxm", fileName: "m.rbxm" },
		});
		const error = await rejection(slow.waitForOperation(operation.operationId));
		expect([error.code, error.retryable]).toEqual(["timeout", true]);
		expect(fake.requests.filter((r) => r.method === "GET")).toHaveLength(2);
	});

	test("publishPlace sends the raw file as octet-stream and parses the text/plain JSON version", async () => {
		const first = await client.publishPlace({ universeId: "123", placeId: "456", versionType: "Saved", placeFile: place });
		const second = await client.publishPlace({ universeId: "123", placeId: "456", versionType: "Published", placeFile: place });
		expect([first, second]).toEqual([
			{ versionNumber: 1, dryRun: false },
			{ versionNumber: 2, dryRun: false },
		]);
		const request = fake.requests[1];
		expect([request?.path, request?.query.get("versionType"), request?.headers["content-type"]]).toEqual([
			"/universes/v1/123/places/456/versions",
			"Published",
			"application/octet-stream",
		]);
		expect(request?.body.equals(place)).toBe(true);
	});

	test("publishMessage posts {topic, message} to :publishMessage", async () => {
		await expect(client.publishMessage({ universeId: "123", topic: "lesson-content", message: '{"lessonId":"l1","version":4}' })).resolves.toEqual({
			dryRun: false,
		});
		expect(fake.messages).toEqual([{ universeId: "123", topic: "lesson-content", message: '{"lessonId":"l1","version":4}' }]);
		expect(fake.requests[0]?.path).toBe("/cloud/v2/universes/123:publishMessage");
	});

	test("publishMessage refuses a 1,025-character message or an 81-character topic before sending anything", async () => {
		const long = await rejection(client.publishMessage({ universeId: "1", topic: "t", message: "x".repeat(1025) }));
		const topic = await rejection(client.publishMessage({ universeId: "1", topic: "t".repeat(81), message: "hi" }));
		expect([long.code, topic.code]).toEqual(["client_validation", "client_validation"]);
		expect(long.message).toContain("1024");
		expect(topic.message).toContain("80");
		expect(fake.requests).toHaveLength(0);
		await client.publishMessage({ universeId: "1", topic: "t".repeat(80), message: "x".repeat(1024) });
		expect(fake.messages).toHaveLength(1);
	});

	test("writeDataStoreEntry upserts the lesson content as a v2 entry", async () => {
		const content = { lessonId: "l1", version: 3, blocks: [{ type: "text", text: "Volcanoes" }] };
		await client.writeDataStoreEntry({ universeId: "123", dataStore: "ToolboxLessons", scope: "tenant-a", entryId: "lesson-l1", value: content });
		expect(fake.entries.get("123/ToolboxLessons/tenant-a/lesson-l1")).toEqual(content);
		expect(fake.requests[0]?.query.get("allowMissing")).toBe("true");
	});
});

describe("errors and retries", () => {
	test("a refused key is unauthenticated and not retried", async () => {
		const wrong = clientFor(fake, clock, { apiKey: "stolen" }).client;
		const error = await rejection(wrong.publishMessage({ universeId: "1", topic: "t", message: "m" }));
		expect([error.status, error.code, error.retryable, error.robloxCode]).toEqual([401, "unauthenticated", false, "0"]);
		expect(error.message).toContain("Invalid API Key");
		expect(fake.requests).toHaveLength(1);
	});

	test.each([400, 401, 403, 404])("a %i is never retried", async (status) => {
		fake.inject(/places/, { status, body: JSON.stringify({ code: "X", message: "no" }) });
		const error = await rejection(client.publishPlace({ universeId: "1", placeId: "2", versionType: "Saved", placeFile: place }));
		expect([error.status, error.retryable]).toEqual([status, false]);
		expect(fake.requests).toHaveLength(1);
	});

	test("409 on publish (Team Create) is not retried and says what to do", async () => {
		fake.inject(/places/, { status: 409, body: JSON.stringify({ code: "ABORTED", message: "Place is locked" }) });
		const error = await rejection(client.publishPlace({ universeId: "1", placeId: "2", versionType: "Published", placeFile: place }));
		expect([error.status, error.code, error.retryable]).toEqual([409, "conflict", false]);
		expect(error.message).toContain("open in Team Create");
		expect(error.message).toContain("Close the Team Create session in Studio");
		expect(fake.requests).toHaveLength(1);
	});

	test("429 with retry-after waits exactly that long, then succeeds", async () => {
		fake.inject(/places/, { status: 429, headers: { "retry-after": "7" }, body: JSON.stringify({ errors: [{ code: 0, message: "Too many requests" }] }) });
		const result = await client.publishPlace({ universeId: "1", placeId: "2", versionType: "Saved", placeFile: place });
		expect(result.versionNumber).toBe(1);
		expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
		expect((fake.requests[1]?.at ?? 0) - (fake.requests[0]?.at ?? 0)).toBe(7000);
	});

	test("429 with only x-ratelimit-reset waits for the reset", async () => {
		fake.inject(/publishMessage/, { status: 429, headers: { "x-ratelimit-reset": "12", "x-ratelimit-limit": "5000, 5000;w=60" }, body: "" });
		await client.publishMessage({ universeId: "1", topic: "t", message: "m" });
		expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
		expect((fake.requests[1]?.at ?? 0) - (fake.requests[0]?.at ?? 0)).toBe(12_000);
	});

	test("429 without headers backs off exponentially with jitter", async () => {
		fake.inject(/publishMessage/, { status: 429, body: "" }, { status: 429, body: "" });
		await client.publishMessage({ universeId: "1", topic: "t", message: "m" });
		expect(fake.requests.map((r) => r.status)).toEqual([429, 429, 200]);
		// random() = 0.5: 3/4 of 1 s, then of 2 s.
		expect(fake.requests.map((r) => r.at)).toEqual([0, 750, 2250]);
	});

	test("5xx is retried with backoff, then succeeds", async () => {
		const problem = JSON.stringify({ type: "https://tools.ietf.org/html/rfc9110#section-15.6.1", title: "An error occurred", status: 500, traceId: "00-ab" });
		fake.inject(/places/, { status: 500, body: problem }, { status: 503, body: "<html>Service Unavailable</html>" });
		const result = await client.publishPlace({ universeId: "1", placeId: "2", versionType: "Published", placeFile: place });
		expect(result.versionNumber).toBe(1);
		expect(fake.requests.map((r) => r.status)).toEqual([500, 503, 200]);
		expect(clock.sleeps).toEqual([750, 1500]);
	});

	test("retries are bounded: the last error surfaces after maxAttempts", async () => {
		fake.inject(/places/, ...Array.from({ length: 5 }, () => ({ status: 502, body: "bad gateway" })));
		const error = await rejection(client.publishPlace({ universeId: "1", placeId: "2", versionType: "Saved", placeFile: place }));
		expect([error.status, error.code, error.retryable]).toEqual([502, "unavailable", true]);
		expect(fake.requests).toHaveLength(5);
	});

	test("a timeout is retried for an idempotent call", async () => {
		// The first reply never comes; the retry's generous timeout leaves a busy machine time to get its answer.
		const impatient = clientFor(fake, clock, { timeoutMs: 2_000 }).client;
		fake.inject(/places/, { hang: true });
		const result = await impatient.publishPlace({ universeId: "1", placeId: "2", versionType: "Saved", placeFile: place });
		expect(result.versionNumber).toBe(1);
		expect(fake.requests.map((r) => r.status)).toEqual([0, 200]);
	});

	test("creating an asset is retried after a 429 but not after a 5xx or a timeout (it may have been created)", async () => {
		const input = {
			assetType: "Image" as const,
			displayName: "x",
			creator: { userId: "1" },
			file: { bytes: png, contentType: "image/png", fileName: "x.png" },
		};
		fake.inject(/POST \/assets/, { status: 429, headers: { "retry-after": "1" }, body: "" });
		await client.createAsset(input);
		expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);

		fake.inject(/POST \/assets/, { status: 500, body: "" });
		const error = await rejection(client.createAsset(input));
		expect([error.status, error.retryable]).toEqual([500, true]);
		const impatient = clientFor(fake, clock, { timeoutMs: 300 }).client;
		fake.inject(/POST \/assets/, { hang: true });
		expect((await rejection(impatient.createAsset(input))).code).toBe("timeout");
		expect(fake.requests.map((r) => r.status)).toEqual([429, 200, 500, 0]);
	});
});
