import { FakeOpenCloud, type RecordedRequest } from "./__tests__/fake-open-cloud";
import { API_KEY, busiestWindow, clientFor, simulatedClock } from "./__tests__/test-kit";
import { DOCUMENTED_LIMITS, OpenCloudRateLimiter } from "./rate-limit";

let fake: FakeOpenCloud;

beforeEach(async () => {
	fake = await new FakeOpenCloud({ apiKey: API_KEY, pollsUntilDone: 0 }).start();
});
afterEach(() => fake.close());

const MINUTE = 60_000;
const place = Buffer.from("<roblox!place");

function perMinute(requests: RecordedRequest[]): number[] {
	const counts: number[] = [];
	for (const request of requests) counts[Math.floor(request.at / MINUTE)] = (counts[Math.floor(request.at / MINUTE)] ?? 0) + 1;
	return Array.from(counts, (count) => count ?? 0);
}

test("a burst of 100 publishes never exceeds 30 per minute at the fake, and uses the whole budget", async () => {
	const clock = simulatedClock();
	const { client } = clientFor(fake, clock);
	const results = await Promise.all(Array.from({ length: 100 }, () => client.publishPlace({ universeId: "1", placeId: "2", versionType: "Published", placeFile: place })));
	expect(results.map((result) => result.versionNumber).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
	expect(fake.requests).toHaveLength(100);
	// Counted per simulated minute at the fake: the limit each minute, none wasted.
	expect(perMinute(fake.requests)).toEqual([30, 30, 30, 10]);
	expect(busiestWindow(fake.requests.map((r) => r.at))).toBe(30);
});

test("the publishing limit holds across two clients of one owner, and across owners (per-IP limit)", async () => {
	const clock = simulatedClock();
	const limiter = new OpenCloudRateLimiter({ clock });
	const sameOwner = [clientFor(fake, clock, { limiter, owner: "user:1" }).client, clientFor(fake, clock, { limiter, owner: "user:1" }).client];
	const otherOwner = clientFor(fake, clock, { limiter, owner: "group:9" }).client;
	const publish = (client: (typeof sameOwner)[number]) => client.publishPlace({ universeId: "1", placeId: "2", versionType: "Saved", placeFile: place });
	await Promise.all([...sameOwner.flatMap((c) => Array.from({ length: 25 }, () => publish(c))), ...Array.from({ length: 25 }, () => publish(otherOwner))]);
	expect(fake.requests).toHaveLength(75);
	expect(busiestWindow(fake.requests.map((r) => r.at))).toBe(30);
});

/** Small deterministic PRNG (mulberry32) so a failing seed can be replayed. */
function prng(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

test.each([1, 2, 3, 4, 5])("property (seed %i): random mixed bursts of two owners, with 429s, never exceed a documented per-minute limit", async (seed) => {
	await fake.close();
	const owners = ["key-owner-1", "key-owner-2"];
	fake = await new FakeOpenCloud({ apiKey: owners, pollsUntilDone: 0 }).start();
	const random = prng(seed);
	const clock = simulatedClock();
	const limiter = new OpenCloudRateLimiter({ clock });
	// Each owner's key is on the wire, so the fake can count per owner.
	const clients = owners.map((key) => clientFor(fake, clock, { limiter, apiKey: key, owner: key, random }).client);
	if (random() < 0.8) fake.inject(/places/, { status: 429, headers: { "retry-after": String(1 + Math.floor(random() * 20)) }, body: "" });
	fake.inject(/:publishMessage/, { status: 429, headers: { "x-ratelimit-reset": "5" }, body: "" });
	const calls: Array<Promise<unknown>> = [];
	for (let i = 0; i < 400; i += 1) {
		const client = clients[Math.floor(random() * clients.length)] as (typeof clients)[number];
		const pick = random();
		if (pick < 0.2) calls.push(client.publishPlace({ universeId: "1", placeId: "2", versionType: "Saved", placeFile: place }));
		else if (pick < 0.7)
			calls.push(
				client.createAsset({
					assetType: "Image",
					displayName: `a${i}`,
					creator: { userId: "1" },
					file: { bytes: Buffer.from(`png-${i}`), contentType: "image/png", fileName: `a${i}.png` },
				}),
			);
		else if (pick < 0.9) calls.push(client.writeDataStoreEntry({ universeId: "1", dataStore: "Lessons", entryId: `l${i}`, value: { i } }));
		else calls.push(client.publishMessage({ universeId: "1", topic: "lessons", message: String(i) }));
	}
	await Promise.all(calls);
	expect(fake.requests.filter((r) => r.status === 200)).toHaveLength(400);
	const groupOf = (r: RecordedRequest) =>
		r.path.includes("/places/") ? "place-publish" : r.path.startsWith("/assets/v1/assets") ? "assets-write" : r.path.includes("data-stores") ? "data-stores" : "messaging";
	const busiest: Record<string, number> = {};
	const limits: Record<string, number> = {};
	for (const owner of owners) {
		for (const group of ["place-publish", "assets-write", "data-stores", "messaging"] as const) {
			const times = fake.requests.filter((r) => r.headers["x-api-key"] === owner && groupOf(r) === group).map((r) => r.at);
			busiest[`${owner} ${group}`] = busiestWindow(times);
			limits[`${owner} ${group}`] = DOCUMENTED_LIMITS[group];
		}
	}
	// Every owner and group within its limit; places also within the per-IP limit across owners.
	for (const key of Object.keys(busiest)) expect([key, busiest[key]! <= limits[key]!]).toEqual([key, true]);
	expect(busiestWindow(fake.requests.filter((r) => groupOf(r) === "place-publish").map((r) => r.at))).toBeLessThanOrEqual(DOCUMENTED_LIMITS["place-publish-ip"]);
	// The limits bind: assets (about 100 per owner at 120/min) fit in a minute, but ~80 publishes need 3 minutes.
	expect(Math.max(...fake.requests.filter((r) => groupOf(r) === "place-publish").map((r) => r.at))).toBeGreaterThanOrEqual(2 * MINUTE);
});
