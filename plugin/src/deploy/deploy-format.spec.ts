import { describe, expect, it } from "@rbxts/jest-globals";
import type { Deployment, DeploymentPlan, Environment, Release } from "@toolboxai/shared";
import { deploymentText, environmentLabel, headline, historyRowText, planText, releaseLabel, shortTime, stepLine } from "./deploy-format";
import { DEPLOYMENT_1, deployment, environment, plan, RELEASE_1, release, steps } from "./fixtures.spec-util";

describe("deploy-format", () => {
	it("labels environments and releases", () => {
		expect(environmentLabel(environment("staging") as unknown as Environment)).toBe("staging · dry run");
		expect(environmentLabel(environment("production", { mode: "live" }) as unknown as Environment)).toBe("production · live");
		expect(releaseLabel(release(RELEASE_1, 3) as unknown as Release)).toBe("Release #3 · ready · 1 asset · 2026-11-25 14:03");
		expect(shortTime("2026-11-25T14:03:09.123Z")).toBe("2026-11-25 14:03");
	});

	it("writes a plan in a few lines", () => {
		expect(planText(plan() as unknown as DeploymentPlan)).toBe(
			[
				"Plan for staging (dry run: nothing is sent to Roblox)",
				"Uploads: 1 file · reused: 0 assets",
				"Publish: place 1623420815 of universe 4815162342",
				"Open Cloud calls: 2",
				"No problems.",
			].join("\n"),
		);
		const text = planText(plan({ upToDate: true, problems: ["The key lacks asset:write."] }) as unknown as DeploymentPlan);
		const lines = text.split("\n");
		expect(lines[1]).toBe("Already up to date: this environment runs exactly this release.");
		expect(lines[lines.size() - 1]).toBe("Problem: The key lacks asset:write.");
	});

	it("shows every step with done/total and how a deployment ended", () => {
		const running = deployment(DEPLOYMENT_1, "running", { steps: steps("running", 1, 2) }) as unknown as Deployment;
		expect(stepLine(running.steps[0])).toBe("Upload assets to Roblox: running 1/2");
		expect(deploymentText(running).split("\n")[0]).toBe("Deploy of release #1 to staging (dry run): running");
		expect(deploymentText(running).split("\n").size()).toBe(6);
		const failed = deployment(DEPLOYMENT_1, "failed", { kind: "rollback", dryRun: false, error: { code: "upstream_failed", message: "Roblox refused." } }) as unknown as Deployment;
		const lines = deploymentText(failed).split("\n");
		expect(lines[0]).toBe("Rollback of release #1 to staging: failed");
		expect(lines[lines.size() - 1]).toBe("Failed: Roblox refused. (upstream_failed)");
		expect(historyRowText(failed)).toBe("#1 rollback · failed · 2026-11-25 14:05");
	});

	it("heads each state with plain words", () => {
		const base = { environments: [], releases: [], plan: { status: "none" as const }, history: [], busy: false };
		expect(headline({ ...base, status: "loading" })).toBe("Loading environments and releases...");
		expect(headline({ ...base, status: "no_permission", message: "ask your school admin" })).toBe("ask your school admin");
		expect(headline({ ...base, status: "ready" })).toBe("Pick an environment and a release, then Show plan or Deploy.");
	});
});
