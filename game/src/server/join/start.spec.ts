import { afterEach, describe, expect, it } from "@rbxts/jest-globals";
import { ReplicatedStorage } from "@rbxts/services";
import { JOIN_REMOTE_NAME } from "shared/join-code";
import { errorBody, fakeHttp, fakeSecret, reply } from "../fake-http.spec-util";
import { API_KEY_SECRET, createServiceClient } from "../service-client";
import { startJoin } from "./start";

/** The test-only controls the Lune harness gives specs (Roblox has no such global). */
declare const LuneHarness: {
	readonly addPlayer: (options: { userId: number; displayName?: string }) => Player;
	readonly removePlayer: (player: Player) => void;
	readonly client: (player: Player) => { invokeServer(remote: RemoteFunction, ...args: Array<unknown>): unknown };
};

const URL = "http://toolboxai.test:8080";
const USER_ID = 4242001;

describe("class join glue: a player who leaves and joins again", () => {
	const made = new Array<Instance>();
	afterEach(() => {
		for (const instance of made) instance.Destroy();
		made.clear();
	});

	it("gets no fresh tries: the limit is kept by UserId across the rejoin", () => {
		const http = fakeHttp(() => reply(404, errorBody("not_found", "No such class.")), { [API_KEY_SECRET]: fakeSecret("key") });
		const created = createServiceClient(http, URL);
		if (!created.ok) error(created.message);
		startJoin(created.client, () => undefined);
		const remote = ReplicatedStorage.FindFirstChild(JOIN_REMOTE_NAME) as RemoteFunction;
		made.push(remote);

		const first = LuneHarness.addPlayer({ userId: USER_ID, displayName: "Guesser" });
		for (let i = 0; i < 5; i++) expect(LuneHarness.client(first).invokeServer(remote, "HKM7RTX")).toEqual({ status: "wrong_code" });
		LuneHarness.removePlayer(first);
		const again = LuneHarness.addPlayer({ userId: USER_ID, displayName: "Guesser" });
		expect(LuneHarness.client(again).invokeServer(remote, "HKM7RTX")).toEqual({ status: "try_later" });
		LuneHarness.removePlayer(again);
		expect(http.requests.size()).toBe(5);
	});
});
