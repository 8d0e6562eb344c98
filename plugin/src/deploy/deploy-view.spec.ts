import { describe, expect, it } from "@rbxts/jest-globals";
import { type FakeAnswer, type FakeRequest, serviceError } from "../auth/fake-auth.spec-util";
import { NO_PERMISSION_MESSAGE } from "./deploy-calls";
import { DeployView, type DeployViewState, MAX_WATCH_FAILURES, WATCH_INTERVAL_SECONDS } from "./deploy-view";
import { DEPLOYMENT_1, DEPLOYMENT_2, deployment, environment, plan, RELEASE_1, RELEASE_2, release, signedInPlugin, steps, URL } from "./fixtures.spec-util";

const HISTORY_STAGING = `${URL}/v1/deployments?environment=staging`;

/** A service with two environments, two releases (newest first) and one past deployment per environment. */
function service(extra: (request: FakeRequest) => FakeAnswer | undefined = () => undefined) {
	return (request: FakeRequest): FakeAnswer => {
		const special = extra(request);
		if (special !== undefined) return special;
		if (request.url === `${URL}/v1/environments`) return { status: 200, body: { items: [environment("staging", { shiny: 1 }), environment("production", { mode: "live" })] } };
		if (request.url === `${URL}/v1/releases`) return { status: 200, body: { items: [release(RELEASE_2, 2), release(RELEASE_1, 1)] } };
		if (request.url === HISTORY_STAGING) return { status: 200, body: { items: [deployment(DEPLOYMENT_1, "succeeded")] } };
		if (request.url === `${URL}/v1/deployments?environment=production`) return { status: 200, body: { items: [] } };
		return serviceError(404, "not_found", `no fake for ${request.method} ${request.url}`);
	};
}

function setup(answer: (request: FakeRequest) => FakeAnswer, signedIn = true) {
	const plugin = signedInPlugin(answer, signedIn);
	const view = new DeployView({ api: plugin.signIn, wait: plugin.time.wait });
	const seen = new Array<DeployViewState>();
	view.onChange((state) => seen.push(state));
	return { ...plugin, view, seen };
}

describe("DeployView.load", () => {
	it("lists environments and releases, picks the first environment and the newest release, and loads its history", () => {
		const { view, http, seen } = setup(service());
		const state = view.load();
		expect(state.status).toBe("ready");
		expect(state.environments.map((e) => e.name)).toEqual(["staging", "production"]);
		expect((state.environments[0] as unknown as Record<string, unknown>).shiny).toBeUndefined();
		expect(state.releases.map((r) => r.number)).toEqual([2, 1]);
		expect(state.environment).toBe("staging");
		expect(state.releaseId).toBe(RELEASE_2);
		expect(view.getState().history.map((d) => d.id)).toEqual([DEPLOYMENT_1]);
		expect(http.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${URL}/v1/environments`, `GET ${URL}/v1/releases`, `GET ${HISTORY_STAGING}`]);
		expect(http.requests[0].headers.Authorization).toBe("Bearer access-0");
		// Loading is a state of its own before the lists arrive.
		expect(seen[0].status).toBe("loading");
	});

	it("is signed out without a session, and asks nothing", () => {
		const { view, http } = setup(service(), false);
		expect(view.load()).toMatchObject({ status: "signed_out", message: "Sign in to ToolBoxAI to deploy." });
		expect(http.requests.size()).toBe(0);
	});

	it("tells a user the service refuses (403) to ask their school admin", () => {
		const { view } = setup(service((r) => (r.url === `${URL}/v1/environments` ? serviceError(403, "forbidden", "Needs deployments:read.") : undefined)));
		expect(view.load()).toMatchObject({ status: "no_permission", message: NO_PERMISSION_MESSAGE });
	});

	it("says why when the service cannot be reached or answers something that is not the contract", () => {
		const offline = setup(() => ({ throws: "HttpError: ConnectFail" }));
		const down = offline.view.load();
		expect(down.status).toBe("error");
		expect(down.message?.sub(1, 30)).toBe("Listing environments failed: C");
		const wrong = setup(service((r) => (r.url === `${URL}/v1/releases` ? { status: 200, body: { items: [{ id: "nope" }] } } : undefined)));
		const bad = wrong.view.load();
		expect(bad.status).toBe("error");
		expect(bad.message?.find("/items/0", 1, true)[0] !== undefined).toBe(true);
		const broken = setup(service((r) => (r.url === `${URL}/v1/releases` ? serviceError(500, "internal", "Something broke.") : undefined)));
		expect(broken.view.load().message).toBe("Listing releases failed: Something broke. (HTTP 500, internal)");
	});

	it("says what to do when there is nothing to deploy to or from", () => {
		const { view } = setup(() => ({ status: 200, body: { items: [] } }));
		expect(view.load()).toMatchObject({ status: "ready", message: "No environments yet: your school admin adds them in the dashboard (Deployments)." });
	});
});

describe("DeployView choices and plan", () => {
	it("loads the history of a newly chosen environment and forgets the plan", () => {
		const { view, http } = setup(service((r) => (r.method === "POST" ? { status: 200, body: plan() } : undefined)));
		view.load();
		view.showPlan();
		expect(view.getState().plan.status).toBe("ready");
		view.selectEnvironment("production");
		expect(view.getState()).toMatchObject({ environment: "production", plan: { status: "none" } });
		expect(view.getState().history.size()).toBe(0);
		expect(http.requests[http.requests.size() - 1].url).toBe(`${URL}/v1/deployments?environment=production`);
		view.selectEnvironment("nowhere");
		expect(view.getState().environment).toBe("production");
		view.selectRelease(RELEASE_1);
		expect(view.getState().releaseId).toBe(RELEASE_1);
	});

	it("asks for the plan of the chosen release and environment", () => {
		const { view, http } = setup(service((r) => (r.method === "POST" ? { status: 200, body: plan({ problems: ["The key lacks asset:write."] }) } : undefined)));
		view.load();
		view.showPlan();
		const posted = http.requests[http.requests.size() - 1];
		expect(posted.url).toBe(`${URL}/v1/deployments/plan`);
		expect(posted.body).toEqual({ environment: "staging", releaseId: RELEASE_2 });
		const state = view.getState();
		expect(state.busy).toBe(false);
		if (state.plan.status !== "ready") throw "the plan is not ready";
		expect(state.plan.plan.problems).toEqual(["The key lacks asset:write."]);
	});

	it("shows a refused plan (a teacher may look but not deploy) without leaving the view", () => {
		const { view } = setup(service((r) => (r.method === "POST" ? serviceError(403, "forbidden", "Needs deployments:manage.") : undefined)));
		view.load();
		view.showPlan();
		expect(view.getState()).toMatchObject({ status: "ready", plan: { status: "error", message: NO_PERMISSION_MESSAGE } });
	});
});

describe("DeployView deploy: the plan first", () => {
	it("shows the plan on the first press and deploys on the second; a plan with problems deploys nothing", () => {
		let problems: Array<string> = [];
		const { view, http } = setup(
			service((r) => {
				if (r.url === `${URL}/v1/deployments/plan`) return { status: 200, body: plan({ problems }) };
				if (r.method === "POST" && r.url === `${URL}/v1/deployments`) return { status: 202, body: deployment(DEPLOYMENT_2, "succeeded") };
				return undefined;
			}),
		);
		view.load();
		view.deploy();
		expect(view.getState().plan.status).toBe("ready");
		expect(view.getState().message).toBe("This is what the deploy does: press Deploy again to start it.");
		expect(http.requests.filter((r) => r.url === `${URL}/v1/deployments`).size()).toBe(0);
		view.deploy();
		expect(http.requests.filter((r) => r.url === `${URL}/v1/deployments`).size()).toBe(1);
		expect(view.getState().watched?.status).toBe("succeeded");
		// The environment changed: the old plan is gone, and the next press plans again.
		expect(view.getState().plan.status).toBe("none");

		problems = ["The environment's Open Cloud key lacks asset:write."];
		view.selectRelease(RELEASE_1);
		view.deploy();
		view.deploy();
		expect(view.getState().message).toBe("The plan has problems (below): fix them before deploying.");
		expect(http.requests.filter((r) => r.url === `${URL}/v1/deployments`).size()).toBe(1);
	});
});

describe("DeployView deploy and watch", () => {
	it("starts a deploy and reads it every 2 s while it runs, showing each step, then reloads the history", () => {
		const readings = [
			deployment(DEPLOYMENT_2, "running", { steps: steps("running", 1, 2) }),
			deployment(DEPLOYMENT_2, "running", { steps: steps("done", 2, 2) }),
			deployment(DEPLOYMENT_2, "succeeded", { placeVersion: 0 }),
		];
		let read = 0;
		let finished = false;
		const { view, http, time, seen } = setup(
			service((r) => {
				if (r.url === `${URL}/v1/deployments/plan`) return { status: 200, body: plan() };
				if (r.method === "POST" && r.url === `${URL}/v1/deployments`) return { status: 202, body: deployment(DEPLOYMENT_2, "queued") };
				if (r.url === `${URL}/v1/deployments/${DEPLOYMENT_2}`) {
					read += 1;
					finished = read >= readings.size();
					return { status: 200, body: readings[read - 1] };
				}
				if (r.url === HISTORY_STAGING && finished) return { status: 200, body: { items: [readings[2], deployment(DEPLOYMENT_1, "succeeded")] } };
				return undefined;
			}),
		);
		view.load();
		view.showPlan();
		const before = time.waits.size();
		view.deploy();
		const posted = http.requests.find((r) => r.url === `${URL}/v1/deployments`);
		expect(posted?.body).toEqual({ environment: "staging", releaseId: RELEASE_2 });
		expect(time.waits.size() - before).toBe(3);
		for (let i = before; i < time.waits.size(); i++) expect(time.waits[i]).toBe(WATCH_INTERVAL_SECONDS);
		const watchedStatuses = seen.filter((s) => s.watched !== undefined).map((s) => `${s.watched!.status} ${s.watched!.steps[0].done}/${s.watched!.steps[0].total}`);
		expect(watchedStatuses).toContain("queued 0/0");
		expect(watchedStatuses).toContain("running 1/2");
		expect(watchedStatuses).toContain("running 2/2");
		const state = view.getState();
		expect(state.watched?.status).toBe("succeeded");
		expect(state.busy).toBe(false);
		expect(state.history.map((d) => d.id)).toEqual([DEPLOYMENT_2, DEPLOYMENT_1]);
	});

	it("shows a failed deployment's error", () => {
		const failed = deployment(DEPLOYMENT_2, "failed", { error: { code: "upstream_failed", message: "Roblox refused the publish." } });
		const { view } = setup(
			service((r) => {
				if (r.url === `${URL}/v1/deployments/plan`) return { status: 200, body: plan() };
				if (r.method === "POST") return { status: 202, body: deployment(DEPLOYMENT_2, "running") };
				if (r.url === `${URL}/v1/deployments/${DEPLOYMENT_2}`) return { status: 200, body: failed };
				return undefined;
			}),
		);
		view.load();
		view.showPlan();
		view.deploy();
		expect(view.getState().watched).toMatchObject({ status: "failed", error: { code: "upstream_failed" } });
		expect(view.getState().busy).toBe(false);
	});

	it("waits out a reading that fails, and stops watching after three in a row, saying the deployment goes on", () => {
		let reads = 0;
		const { view, time } = setup(
			service((r) => {
				if (r.url === `${URL}/v1/deployments/plan`) return { status: 200, body: plan() };
				if (r.method === "POST") return { status: 202, body: deployment(DEPLOYMENT_2, "queued") };
				if (r.url === `${URL}/v1/deployments/${DEPLOYMENT_2}`) {
					reads += 1;
					return reads === 1 ? { status: 200, body: deployment(DEPLOYMENT_2, "running") } : { throws: "HttpError: ConnectFail" };
				}
				return undefined;
			}),
		);
		view.load();
		view.showPlan();
		const before = time.waits.size();
		view.deploy();
		expect(reads).toBe(1 + MAX_WATCH_FAILURES);
		expect(time.waits.size() - before).toBe(1 + MAX_WATCH_FAILURES);
		const state = view.getState();
		expect(state.watched?.status).toBe("running");
		expect(state.busy).toBe(false);
		expect(state.message?.sub(1, 18)).toBe("Stopped watching: ");
	});

	it("refuses a deploy (403) with the ask-your-admin words and watches nothing", () => {
		const { view, time } = setup(
			service((r) => {
				if (r.url === `${URL}/v1/deployments/plan`) return { status: 200, body: plan() };
				return r.method === "POST" ? serviceError(403, "forbidden", "Needs deployments:manage.") : undefined;
			}),
		);
		view.load();
		view.showPlan();
		const before = time.waits.size();
		view.deploy();
		expect(view.getState()).toMatchObject({ status: "ready", message: NO_PERMISSION_MESSAGE, busy: false });
		expect(view.getState().watched).toBeUndefined();
		expect(time.waits.size()).toBe(before);
	});

	it("rolls back to an earlier deployment of the chosen environment and watches the new one", () => {
		const { view, http } = setup(
			service((r) => {
				if (r.method === "POST") return { status: 202, body: deployment(DEPLOYMENT_2, "queued", { kind: "rollback", rollbackOf: DEPLOYMENT_1 }) };
				if (r.url === `${URL}/v1/deployments/${DEPLOYMENT_2}`) return { status: 200, body: deployment(DEPLOYMENT_2, "succeeded", { kind: "rollback", rollbackOf: DEPLOYMENT_1 }) };
				return undefined;
			}),
		);
		view.load();
		view.rollback(DEPLOYMENT_1);
		const posted = http.requests.find((r) => r.method === "POST");
		expect(posted?.url).toBe(`${URL}/v1/deployments/${DEPLOYMENT_1}/rollback`);
		expect(posted?.body).toEqual({ environment: "staging" });
		expect(view.getState().watched).toMatchObject({ kind: "rollback", status: "succeeded", rollbackOf: DEPLOYMENT_1 });
	});
});
