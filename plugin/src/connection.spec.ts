import { describe, expect, it } from "@rbxts/jest-globals";
import type { Meta } from "@toolboxai/shared";
import { Connection, type ConnectionState, describeState, NOT_CONNECTED, transition } from "./connection";
import { fakeHttp, metaBody, reply } from "./fake-http.spec-util";

const URL = "http://toolboxai.test:8080";
const META: Meta = { protocolVersion: "1.0.0", serverVersion: "0.1.0", serverTime: "2026-11-25T13:09:16.123Z" };

describe("transition", () => {
	const connecting: ConnectionState = { status: "connecting", serverUrl: URL, attempt: 1 };

	it("goes from not connected to connecting", () => {
		expect(transition(NOT_CONNECTED, { type: "connect", serverUrl: URL, attempt: 1 })).toEqual(connecting);
	});

	it("ignores a second connect while connecting", () => {
		expect(transition(connecting, { type: "connect", serverUrl: "http://other", attempt: 2 })).toBe(connecting);
	});

	it("ends a connecting attempt as connected or as an error", () => {
		expect(transition(connecting, { type: "succeeded", attempt: 1, serverUrl: URL, meta: META })).toEqual({
			status: "connected",
			serverUrl: URL,
			meta: META,
		});
		expect(transition(connecting, { type: "failed", attempt: 1, serverUrl: URL, reason: "server_down", message: "down" })).toEqual({
			status: "error",
			serverUrl: URL,
			reason: "server_down",
			message: "down",
		});
	});

	it("drops the result of a superseded attempt", () => {
		const newer: ConnectionState = { status: "connecting", serverUrl: URL, attempt: 2 };
		expect(transition(newer, { type: "succeeded", attempt: 1, serverUrl: URL, meta: META })).toBe(newer);
		expect(transition(NOT_CONNECTED, { type: "succeeded", attempt: 1, serverUrl: URL, meta: META })).toBe(NOT_CONNECTED);
	});

	it("reconnects from connected and from error", () => {
		const connected: ConnectionState = { status: "connected", serverUrl: URL, meta: META };
		const failed: ConnectionState = { status: "error", serverUrl: URL, reason: "not_toolboxai", message: "no" };
		expect(transition(connected, { type: "connect", serverUrl: URL, attempt: 3 })).toEqual({
			status: "connecting",
			serverUrl: URL,
			attempt: 3,
		});
		expect(transition(failed, { type: "connect", serverUrl: URL, attempt: 4 }).status).toBe("connecting");
	});

	it("disconnects from any state", () => {
		expect(transition(connecting, { type: "disconnect" })).toBe(NOT_CONNECTED);
		expect(transition({ status: "connected", serverUrl: URL, meta: META }, { type: "disconnect" })).toBe(NOT_CONNECTED);
	});
});

describe("describeState", () => {
	it("says each state in plain words", () => {
		expect(describeState(NOT_CONNECTED)).toBe("Not connected to a ToolBoxAI server.");
		expect(describeState({ status: "connecting", serverUrl: URL, attempt: 1 })).toBe(`Connecting to ${URL}...`);
		expect(describeState({ status: "connected", serverUrl: URL, meta: META })).toBe(`Connected to ToolBoxAI 0.1.0 at ${URL} (protocol 1.0.0).`);
		expect(describeState({ status: "error", serverUrl: URL, reason: "server_down", message: "Cannot reach it." })).toBe("Cannot reach it.");
	});
});

describe("Connection", () => {
	it("reports connecting, then connected, to its listeners", () => {
		const connection = new Connection(fakeHttp(() => reply(200, metaBody("1.0.0"))));
		const seen = new Array<string>();
		connection.onChange((state) => seen.push(state.status));
		const final = connection.connect(URL);
		expect(final).toEqual({ status: "connected", serverUrl: URL, meta: META });
		expect(connection.getState()).toBe(final);
		expect(seen).toEqual(["connecting", "connected"]);
	});

	it("ends in the error state with the probe's message", () => {
		const connection = new Connection(fakeHttp(() => reply(200, metaBody("2.0.0"))));
		const final = connection.connect(URL);
		expect(final.status).toBe("error");
		if (final.status !== "error") return;
		expect(final.reason).toBe("protocol_mismatch");
		expect(describeState(final).find("protocol 2.0.0, this copy speaks 1.0.0", 1, true)[0]).toBeDefined();
	});

	it("can try again after an error", () => {
		let up = false;
		const http = fakeHttp(() => (up ? reply(200, metaBody("1.0.0")) : { throws: "HttpError: ConnectFail" }));
		const connection = new Connection(http);
		expect(connection.connect(URL).status).toBe("error");
		up = true;
		expect(connection.connect(URL).status).toBe("connected");
		expect(http.requests.size()).toBe(2);
	});

	it("sends one request when connect is pressed twice, and drops a reply that arrives after disconnect", () => {
		// A slow server: the reply waits until the spec lets it go (no timed sleep that a busy machine could outrun).
		let replyAllowed = false;
		const http = fakeHttp(() => {
			while (!replyAllowed) task.wait();
			return reply(200, metaBody("1.0.0"));
		});
		const connection = new Connection(http);
		let firstEndedIn: ConnectionState | undefined;
		task.spawn(() => {
			firstEndedIn = connection.connect(URL);
		});
		expect(connection.getState().status).toBe("connecting");
		expect(connection.connect(URL).status).toBe("connecting");
		connection.disconnect();
		expect(connection.getState()).toBe(NOT_CONNECTED);
		replyAllowed = true;
		// Wait for the first attempt to have read its (late) reply, then check that it changed nothing.
		const deadline = os.clock() + 10;
		while (firstEndedIn === undefined && os.clock() < deadline) task.wait();
		expect(firstEndedIn).toBe(NOT_CONNECTED);
		expect(connection.getState()).toBe(NOT_CONNECTED);
		expect(http.requests.size()).toBe(1);
	});

	it("stops telling a listener once it unsubscribes", () => {
		const connection = new Connection(fakeHttp(() => reply(200, metaBody("1.0.0"))));
		let calls = 0;
		const stop = connection.onChange(() => calls++);
		stop();
		connection.connect(URL);
		expect(calls).toBe(0);
	});
});
