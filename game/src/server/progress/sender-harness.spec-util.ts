import { expect } from "@rbxts/jest-globals";
import { HttpService } from "@rbxts/services";
import { fakeHttp, fakeSecret, type FakeReply } from "../fake-http.spec-util";
import { API_KEY_SECRET, createServiceClient } from "../service-client";
import { fakeClock, memoryDataStore, sequentialIds, type MemoryDataStore } from "./fakes.spec-util";
import { BATCHES_PATH, createProgressSender, type SenderDeps } from "./sender";

const URL = "http://toolboxai.test:8080";

/** One batch as the scripted service received it, with the fake time it arrived. */
export interface SentBatch {
	readonly at: number;
	readonly batchId: string;
	readonly events: Array<{ eventId: string; kind: string; robloxUserId: number }>;
}

/**
 * A progress sender over a scripted service on a fake clock: `answer` sees each decoded batch (and how many came
 * before it). `offline` makes a sender without a client (the service never answered the start check).
 */
export function scriptedSender(answer: (batch: SentBatch, index: number) => FakeReply, overrides: Partial<SenderDeps> = {}, offline = false) {
	const clock = fakeClock();
	const sent = new Array<SentBatch>();
	const http = fakeHttp(
		(request) => {
			expect(request.Url).toBe(`${URL}${BATCHES_PATH}`);
			expect(request.Method).toBe("POST");
			const body = HttpService.JSONDecode(request.Body!) as { batchId: string; events: SentBatch["events"] };
			const batch = { at: clock.now(), batchId: body.batchId, events: body.events };
			sent.push(batch);
			return answer(batch, sent.size() - 1);
		},
		{ [API_KEY_SECRET]: fakeSecret("key") },
	);
	const created = createServiceClient(http, URL);
	if (!created.ok) error(created.message);
	const warnings = new Array<string>();
	const store = memoryDataStore();
	const deps: SenderDeps = {
		client: created.client,
		now: () => clock.now(),
		sleep: (seconds) => clock.sleep(seconds),
		random: () => 0.5,
		newId: sequentialIds(),
		store,
		jobId: "job-a",
		warn: (line) => warnings.push(line),
		...overrides,
	};
	// A nil member does not override in a Luau table spread: an offline sender is asked for by name.
	const sender = createProgressSender(offline ? { ...deps, client: undefined } : deps);
	return { clock, sent, warnings, store: (overrides.store ?? store) as MemoryDataStore, sender, deps, client: created.client };
}
