import { describe, expect, it } from "@rbxts/jest-globals";
import { HttpService } from "@rbxts/services";
import { RELEASE_ENTRY_KEY, type ReleaseContentEntry } from "@toolboxai/shared";
import { createContentLoader } from "../content/loader";
import { fakeClock, memoryDataStore } from "../progress/fakes.spec-util";
import { createReleaseFeed, type ReleaseMessage } from "./release-feed";
import { startReleases } from "./start";

const RELEASE_1 = "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e";
const RELEASE_2 = "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f";
const LESSON_ID = "7d2e3b4c-1a2b-4c3d-8e9f-0a1b2c3d4e5f";

function entry(releaseId: string, releaseNumber: number): ReleaseContentEntry {
	return {
		releaseId,
		releaseNumber,
		assets: {},
		lessons: [{ lessonId: LESSON_ID, version: "1.0.0", content: { schemaVersion: 1, title: "Volcanoes", steps: [{ kind: "instruction", id: "intro", text: "Hi" }] } }],
	};
}

/** One game server's feed over a shared data store; its clock moves only when the feed sleeps. */
function server(store: ReturnType<typeof memoryDataStore>, random: number) {
	const clock = fakeClock(0);
	const reads = new Array<number>();
	let handler: ((message: ReleaseMessage) => void) | undefined;
	const feed = createReleaseFeed({
		store: {
			GetAsync(key) {
				reads.push(clock.now());
				return store.GetAsync(key);
			},
		},
		subscribe: (_, callback) => {
			handler = callback;
		},
		decodeJson: (text) => HttpService.JSONDecode(text),
		warn: () => undefined,
		spread: { seconds: 10, random: () => random, sleep: (seconds) => clock.sleep(seconds) },
	});
	const reloads = new Array<number>();
	feed.onRelease(() => reloads.push(clock.now()));
	return { feed, reads, reloads, announce: (data: string) => handler?.({ Data: data }) };
}

describe("release announcements reach every server at once", () => {
	it("each server waits a random part of the spread before it re-reads the entry and reloads", () => {
		const store = memoryDataStore();
		store.data.set(RELEASE_ENTRY_KEY, HttpService.JSONEncode(entry(RELEASE_1, 1)));
		const servers = [server(store, 0.1), server(store, 0.5), server(store, 0.9)];
		for (const s of servers) {
			s.feed.refresh();
			s.feed.listen();
		}
		store.data.set(RELEASE_ENTRY_KEY, HttpService.JSONEncode(entry(RELEASE_2, 2)));
		const message = HttpService.JSONEncode({ releaseId: RELEASE_2, releaseNumber: 2, placeVersion: 8 });
		for (const s of servers) s.announce(message);
		// The read at start was at 0; the reload reads came 1, 5 and 9 s after the announcement.
		expect(servers.map((s) => s.reads)).toEqual([
			[0, 1],
			[0, 5],
			[0, 9],
		]);
		expect(servers.map((s) => s.reloads)).toEqual([[1], [5], [9]]);
		for (const s of servers) expect(s.feed.current()?.releaseNumber).toBe(2);
	});
});

describe("a server that cannot reach the service plays the deployed release", () => {
	it("at once, without waiting for the service's first answer", () => {
		const store = memoryDataStore();
		store.data.set(RELEASE_ENTRY_KEY, HttpService.JSONEncode(entry(RELEASE_1, 1)));
		// No client: the start check has not passed.
		const content = createContentLoader({ now: fakeClock().now, random: () => 0.5, warn: () => undefined });
		startReleases({ store, subscribe: () => undefined, decodeJson: (text) => HttpService.JSONDecode(text), warn: () => undefined }, content, {
			offline: () => true,
			refused: () => false,
		});
		// The release is read on a thread of its own: wait for the condition (the bound is far above the few frames it takes).
		const deadline = os.clock() + 5;
		while (content.current() === undefined && os.clock() < deadline) task.wait(0.02);
		expect(content.current()?.items.map((lesson) => lesson.content.title)).toEqual(["Volcanoes"]);
	});
});
