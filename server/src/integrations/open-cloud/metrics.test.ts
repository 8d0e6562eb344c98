import { parseExposition, sampleValue } from "../../__tests__/metrics-exposition";
import { metricsRegistry } from "../../observability/metrics";
import { FakeOpenCloud } from "./__tests__/fake-open-cloud";
import { API_KEY, clientFor, simulatedClock } from "./__tests__/test-kit";

let fake: FakeOpenCloud;

beforeEach(async () => {
	fake = await new FakeOpenCloud({ apiKey: API_KEY, pollsUntilDone: 1 }).start();
});
afterEach(() => fake.close());

const scrape = async () => parseExposition(await metricsRegistry.metrics());

test("every Open Cloud request is counted by operation and answer, 429s included, with the limiter's wait", async () => {
	const clock = simulatedClock();
	const { client } = clientFor(fake, clock);
	const before = await scrape();
	fake.inject(/publishMessage/, { status: 429, headers: { "retry-after": "7" }, body: "" });
	await client.publishMessage({ universeId: "1", topic: "t", message: "m" });
	await client.publishMessage({ universeId: "1", topic: "t", message: "again" });
	const after = await scrape();
	const delta = (name: string, labels: Record<string, string>) => sampleValue(after, name, labels) - sampleValue(before, name, labels);

	expect(delta("toolboxai_open_cloud_requests_total", { operation: "publish_message", status: "429" })).toBe(1);
	expect(delta("toolboxai_open_cloud_requests_total", { operation: "publish_message", status: "200" })).toBe(2);
	// Three sends, three waits for the budget; the one after the 429 waited out its Retry-After (7 s on the clock).
	expect(delta("toolboxai_open_cloud_limiter_wait_seconds_count", { group: "messaging" })).toBe(3);
	expect(delta("toolboxai_open_cloud_limiter_wait_seconds_sum", { group: "messaging" })).toBeGreaterThanOrEqual(7);
	expect(delta("toolboxai_open_cloud_limiter_wait_seconds_bucket", { group: "messaging", le: "5" })).toBe(2);
});
