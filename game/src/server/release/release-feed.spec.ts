import { describe, expect, it } from "@rbxts/jest-globals";
import { HttpService } from "@rbxts/services";
import { RELEASE_ENTRY_KEY, RELEASE_TOPIC, type ReleaseContentEntry } from "@toolboxai/shared";
import { memoryDataStore } from "../progress/fakes.spec-util";
import { fakeClock } from "../progress/fakes.spec-util";
import { createReleaseFeed, type ReleaseFeedDeps, type ReleaseMessage } from "./release-feed";

const RELEASE_1 = "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e";
const RELEASE_2 = "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f";

function entry(releaseId: string, number: number, logo: string): ReleaseContentEntry {
	return {
		releaseId,
		releaseNumber: number,
		assets: { "images/logo.png": logo },
		lessons: [
			{
				lessonId: "7d2e3b4c-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
				version: "1.0.0",
				content: { schemaVersion: 1, title: "Volcanoes", steps: [{ kind: "instruction", id: "intro", text: "Hi" }] },
			},
		],
	};
}

function setup(options: { subscribeFails?: boolean; budget?: ReleaseFeedDeps["budget"] } = {}) {
	const store = memoryDataStore();
	const warnings = new Array<string>();
	const subscribed = new Array<string>();
	let handler: ((message: ReleaseMessage) => void) | undefined;
	const feed = createReleaseFeed({
		store,
		subscribe: (topic, callback) => {
			if (options.subscribeFails) error("MessagingService: too many subscriptions", 0);
			subscribed.push(topic);
			handler = callback;
		},
		decodeJson: (text) => HttpService.JSONDecode(text),
		warn: (line) => warnings.push(line),
		budget: options.budget,
	} as ReleaseFeedDeps);
	const announced = new Array<number>();
	feed.onRelease((released) => announced.push(released.releaseNumber));
	const deploy = (value: unknown) => store.data.set(RELEASE_ENTRY_KEY, HttpService.JSONEncode(value));
	const announce = (data: unknown) => handler!({ Data: data });
	return { store, feed, warnings, subscribed, announced, deploy, announce };
}

describe("release feed", () => {
	it("reads the deployed entry and finds assets by name; nothing deployed yet is not an error", () => {
		const env = setup();
		expect(env.feed.refresh()).toBe(false);
		expect(env.feed.current()).toBe(undefined);
		expect(env.warnings).toEqual([]);
		env.deploy(entry(RELEASE_1, 1, "111"));
		expect(env.feed.refresh()).toBe(true);
		expect(env.feed.assetId("images/logo.png")).toBe("111");
		expect(env.feed.assetId("images/other.png")).toBe(undefined);
		expect(env.feed.current()!.lessons[0].content.title).toBe("Volcanoes");
		// Read again, same release: not a change, and reading at start announces nothing.
		expect(env.feed.refresh()).toBe(false);
		expect(env.announced).toEqual([]);
	});

	it("reads the entry only with DataStore budget: waits up to 10 s for it, else gives up with a warning and no call", () => {
		const clock = fakeClock();
		let budget = 0;
		const env = setup({ budget: { budget: () => budget, sleep: clock.sleep, now: clock.now } });
		env.deploy(entry(RELEASE_1, 1, "111"));
		env.store.setBudget(0);
		expect(env.feed.refresh()).toBe(false);
		expect(env.store.throttled).toBe(0);
		expect(env.warnings).toEqual(["[ToolBoxAI] Could not read the release entry: no DataStore request budget left on this server."]);
		env.store.setBudget(math.huge);
		budget = 1;
		expect(env.feed.refresh()).toBe(true);
		expect(env.feed.assetId("images/logo.png")).toBe("111");
	});

	it("keeps the last good entry when the data store fails or holds something else", () => {
		const env = setup();
		env.deploy(entry(RELEASE_1, 1, "111"));
		env.feed.refresh();
		env.store.failing = true;
		expect(env.feed.refresh()).toBe(false);
		expect(env.warnings[0]).toMatch("Could not read the release entry");
		env.store.failing = false;
		env.deploy({ releaseId: "not-a-uuid", assets: [], lessons: [] });
		expect(env.feed.refresh()).toBe(false);
		expect(env.warnings[1]).toMatch("Ignoring a release entry");
		expect(env.feed.assetId("images/logo.png")).toBe("111");
	});

	it("subscribes to the release topic; an announcement of a new release re-reads the entry and tells listeners once", () => {
		const env = setup();
		env.deploy(entry(RELEASE_1, 1, "111"));
		env.feed.refresh();
		expect(env.feed.listen()).toBe(true);
		expect(env.subscribed).toEqual([RELEASE_TOPIC]);
		env.deploy(entry(RELEASE_2, 2, "222"));
		env.announce(HttpService.JSONEncode({ releaseId: RELEASE_2, releaseNumber: 2, placeVersion: 8 }));
		expect(env.announced).toEqual([2]);
		expect(env.feed.assetId("images/logo.png")).toBe("222");
		// The same announcement again (messages may repeat): nothing to reload.
		env.announce(HttpService.JSONEncode({ releaseId: RELEASE_2, releaseNumber: 2, placeVersion: 8 }));
		expect(env.announced).toEqual([2]);
	});

	it("ignores messages that are not ToolBoxAI announcements (never trusted: anyone in the experience may publish)", () => {
		const env = setup();
		env.feed.listen();
		env.deploy(entry(RELEASE_2, 2, "222"));
		for (const data of [
			42,
			"not json {",
			HttpService.JSONEncode({ releaseId: "x", releaseNumber: 2, placeVersion: 8 }),
			HttpService.JSONEncode({ releaseId: RELEASE_2, releaseNumber: 2, placeVersion: 0.5 }),
		]) {
			env.announce(data);
		}
		expect(env.announced).toEqual([]);
		expect(env.feed.current()).toBe(undefined);
		expect(env.warnings.size()).toBe(4);
	});

	it("says so when it cannot subscribe (content still updates on its own schedule)", () => {
		const env = setup({ subscribeFails: true });
		expect(env.feed.listen()).toBe(false);
		expect(env.warnings[0]).toMatch("Not listening for new releases");
	});
});
