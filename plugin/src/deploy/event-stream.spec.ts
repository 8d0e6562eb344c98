import { HttpService } from "@rbxts/services";
import { describe, expect, it } from "@rbxts/jest-globals";
import type { FakeAnswer, FakeRequest } from "../auth/fake-auth.spec-util";
import { serviceError } from "../auth/fake-auth.spec-util";
import { watchModeText } from "./deploy-panel";
import { DeployView, type DeployViewState, LIVE_CHECK_SECONDS, WATCH_INTERVAL_SECONDS } from "./deploy-view";
import { type DeploymentFollower, followDeployment, MAX_STREAM_FAILURES, parseStreamMessage, type StreamCallbacks } from "./event-stream";
import { DEPLOYMENT_2, deployment, environment, plan, RELEASE_1, release, signedInPlugin, steps, URL } from "./fixtures.spec-util";

const decode = (text: string) => HttpService.JSONDecode(text);
const CHANNEL = `private-deployment-${DEPLOYMENT_2}`;

describe("parseStreamMessage", () => {
	it("reads whole SSE frames: event, id, multi-line data, CRLF; skips frames without data", () => {
		const text =
			`retry: 3000\r\n\r\nid: e-1\r\nevent: deployment.updated\r\ndata: {"channel":"${CHANNEL}",\r\ndata: "data":{}}\r\n\r\n` +
			'event: stream.heartbeat\ndata: {"at":"2026-11-25T14:00:00.000Z"}\n\n';
		expect(parseStreamMessage(text, decode)).toEqual([{ event: "deployment.updated", id: "e-1", channel: CHANNEL }, { event: "stream.heartbeat" }]);
	});

	it("reads an event's data alone (what an SSE client may hand over): the service puts the name and id inside", () => {
		const data = `{"id":"e-2","event":"deployment.updated","channel":"${CHANNEL}","data":{"status":"running"}}`;
		expect(parseStreamMessage(data, decode)).toEqual([{ event: "deployment.updated", id: "e-2", channel: CHANNEL }]);
		expect(parseStreamMessage('{"event":"stream.resync","channel":"","data":{"reason":"client_too_slow"}}', decode)).toEqual([{ event: "stream.resync", channel: "" }]);
	});

	it("ignores what it cannot read", () => {
		expect(parseStreamMessage("{not json", decode)).toEqual([]);
		expect(parseStreamMessage('{"no":"event"}', decode)).toEqual([]);
		expect(parseStreamMessage("", decode)).toEqual([]);
	});
});

/** A scripted stream opener: records each open and lets the spec play the client's events. */
function scriptedOpener(options: { refuse?: boolean } = {}) {
	const opens = new Array<{ url: string; headers: Record<string, string>; callbacks: StreamCallbacks; closed: boolean }>();
	return {
		opens,
		open: (request: { url: string; headers: Record<string, string> }, callbacks: StreamCallbacks) => {
			if (options.refuse === true) return undefined;
			const entry = { url: request.url, headers: request.headers, callbacks, closed: false };
			opens.push(entry);
			return {
				close: () => {
					entry.closed = true;
				},
			};
		},
		last: () => opens[opens.size() - 1],
	};
}

const target = () => ({ serverUrl: URL, accessToken: "access-0" });

describe("followDeployment", () => {
	it("opens the deployment's channel with the access token and notes each deployment.updated", () => {
		const opener = scriptedOpener();
		const follower = followDeployment({ open: opener.open, target, decode }, DEPLOYMENT_2);
		expect(opener.opens.size()).toBe(1);
		expect(opener.last().url).toBe(`${URL}/v1/events?channels=${CHANNEL}`);
		expect(opener.last().headers.Authorization).toBe("Bearer access-0");
		opener.last().callbacks.opened(200);
		expect(follower.state()).toBe("live");
		// Read once when the stream is up (what happened before it opened), then only on events.
		expect(follower.takeChanged()).toBe(true);
		expect(follower.takeChanged()).toBe(false);
		opener.last().callbacks.message('event: stream.heartbeat\ndata: {"at":"x"}\n\n');
		expect(follower.takeChanged()).toBe(false);
		opener.last().callbacks.message(`id: e-7\nevent: deployment.updated\ndata: {"channel":"${CHANNEL}","data":{}}\n\n`);
		expect(follower.takeChanged()).toBe(true);
		expect(follower.takeChanged()).toBe(false);
		follower.close();
		expect(opener.last().closed).toBe(true);
	});

	it("reopens after a drop with Last-Event-ID, and gives up (unavailable) after failures in a row", () => {
		const opener = scriptedOpener();
		const follower = followDeployment({ open: opener.open, target, decode }, DEPLOYMENT_2);
		opener.last().callbacks.opened(200);
		opener.last().callbacks.message(`{"id":"e-9","event":"deployment.updated","channel":"${CHANNEL}","data":{}}`);
		follower.takeChanged();
		opener.last().callbacks.closed();
		expect(opener.opens.size()).toBe(2);
		expect(opener.last().headers["Last-Event-ID"]).toBe("e-9");
		// Whatever happened while it was down is read again.
		expect(follower.takeChanged()).toBe(true);
		for (let i = 1; i < MAX_STREAM_FAILURES; i++) opener.last().callbacks.failed(0, "HttpError: ConnectFail");
		expect(follower.state()).toBe("unavailable");
		expect(opener.opens.size()).toBe(MAX_STREAM_FAILURES);
	});

	it("a refused stream (401, another status) counts as a failure; a stream that cannot open at all is unavailable at once", () => {
		const opener = scriptedOpener();
		const follower = followDeployment({ open: opener.open, target, decode }, DEPLOYMENT_2);
		for (let i = 0; i < MAX_STREAM_FAILURES; i++) opener.last().callbacks.opened(401);
		expect(follower.state()).toBe("unavailable");
		const refused = followDeployment({ open: scriptedOpener({ refuse: true }).open, target, decode }, DEPLOYMENT_2);
		expect(refused.state()).toBe("unavailable");
		expect(followDeployment({ open: opener.open, target: () => undefined, decode }, DEPLOYMENT_2).state()).toBe("unavailable");
	});
});

/** A follower the spec drives: changes appear when it says so; it can give up. */
function scriptedFollower() {
	let state: "live" | "unavailable" = "live";
	let changed = false;
	let closed = false;
	const follower: DeploymentFollower = {
		state: () => state,
		takeChanged: () => {
			const was = changed;
			changed = false;
			return was;
		},
		close: () => {
			closed = true;
		},
	};
	return {
		follower,
		change: () => {
			changed = true;
		},
		giveUp: () => {
			state = "unavailable";
		},
		closed: () => closed,
	};
}

function liveSetup(readings: Array<Record<string, unknown>>, onWait: (waited: number) => void) {
	let read = 0;
	const answer = (r: FakeRequest): FakeAnswer => {
		if (r.url === `${URL}/v1/environments`) return { status: 200, body: { items: [environment("staging")] } };
		if (r.url === `${URL}/v1/releases`) return { status: 200, body: { items: [release(RELEASE_1, 1)] } };
		if (r.url === `${URL}/v1/deployments?environment=staging`) return { status: 200, body: { items: [] } };
		if (r.url === `${URL}/v1/deployments/plan`) return { status: 200, body: plan() };
		if (r.method === "POST" && r.url === `${URL}/v1/deployments`) return { status: 202, body: deployment(DEPLOYMENT_2, "queued") };
		if (r.url === `${URL}/v1/deployments/${DEPLOYMENT_2}`) {
			read += 1;
			return { status: 200, body: readings[math.min(read, readings.size()) - 1] };
		}
		return serviceError(404, "not_found", `no fake for ${r.method} ${r.url}`);
	};
	const plugin = signedInPlugin(answer);
	const scripted = scriptedFollower();
	let waited = 0;
	const view = new DeployView({
		api: plugin.signIn,
		wait: (seconds) => {
			plugin.time.wait(seconds);
			waited += 1;
			onWait(waited);
		},
		follow: () => scripted.follower,
	});
	return { view, plugin, scripted, reads: () => read };
}

describe("DeployView following live", () => {
	it("reads the deployment only when the stream says it changed, and shows it is live", () => {
		const readings = [deployment(DEPLOYMENT_2, "running", { steps: steps("running", 1, 2) }), deployment(DEPLOYMENT_2, "succeeded")];
		let scripted: ReturnType<typeof scriptedFollower> | undefined;
		const modes = new Array<string>();
		const setup = liveSetup(readings, (waited) => {
			// An event after the 4th and the 8th check.
			if (waited === 4 || waited === 8) scripted?.change();
		});
		scripted = setup.scripted;
		setup.view.onChange((state) => {
			if (state.watchMode !== undefined) modes.push(state.watchMode);
		});
		setup.view.load();
		setup.view.showPlan();
		const before = setup.plugin.time.waits.size();
		setup.view.deploy();
		expect(setup.reads()).toBe(2);
		const waits = setup.plugin.time.waits;
		expect(waits.size() - before).toBe(8);
		for (let i = before; i < waits.size(); i++) expect(waits[i]).toBe(LIVE_CHECK_SECONDS);
		expect(modes[0]).toBe("live");
		expect(setup.view.getState().watched?.status).toBe("succeeded");
		expect(setup.scripted.closed()).toBe(true);
	});

	it("falls back to reading every 2 s when the stream gives up, and says so", () => {
		const readings = [deployment(DEPLOYMENT_2, "running"), deployment(DEPLOYMENT_2, "succeeded")];
		let scripted: ReturnType<typeof scriptedFollower> | undefined;
		const setup = liveSetup(readings, (waited) => {
			if (waited === 2) scripted?.giveUp();
		});
		scripted = setup.scripted;
		setup.view.load();
		setup.view.showPlan();
		const before = setup.plugin.time.waits.size();
		setup.view.deploy();
		const waits = setup.plugin.time.waits;
		// Two live checks, a reading at once when it gave up, then every 2 s.
		expect(waits[before]).toBe(LIVE_CHECK_SECONDS);
		expect(waits[before + 1]).toBe(LIVE_CHECK_SECONDS);
		expect(waits[before + 2]).toBe(WATCH_INTERVAL_SECONDS);
		expect(setup.view.getState().watchMode).toBe("polling");
		expect(setup.view.getState().watched?.status).toBe("succeeded");
	});
});

describe("the Deploy panel's live/polling line", () => {
	it("says how a running deployment is followed, and nothing once it ended", () => {
		const base = { status: "ready", environments: [], releases: [], plan: { status: "none" }, history: [], busy: true } as unknown as DeployViewState;
		const running = deployment(DEPLOYMENT_2, "running") as unknown as DeployViewState["watched"];
		const done = deployment(DEPLOYMENT_2, "succeeded") as unknown as DeployViewState["watched"];
		expect(watchModeText({ ...base, watched: running, watchMode: "live" })).toBe("\n(live)");
		expect(watchModeText({ ...base, watched: running, watchMode: "polling" })).toBe("\n(polling every 2 s)");
		expect(watchModeText({ ...base, watched: done, watchMode: "live" })).toBe("");
	});
});
