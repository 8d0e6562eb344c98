import { describe, expect, it } from "@rbxts/jest-globals";
import type { Deployment, DeploymentPlan, Environment, Release } from "@toolboxai/shared";
import { createDeployPanel, showDeployView } from "./deploy-panel";
import type { DeployViewState } from "./deploy-view";
import { DEPLOYMENT_1, DEPLOYMENT_2, deployment, environment, plan, RELEASE_1, RELEASE_2, release, steps } from "./fixtures.spec-util";

const NO_ACTIONS = { selectEnvironment: () => {}, selectRelease: () => {}, rollback: () => {} };

function rows(list: ScrollingFrame): Array<GuiObject> {
	const found = list.GetChildren().filter((c) => c.IsA("GuiObject")) as Array<GuiObject>;
	found.sort((a, b) => a.LayoutOrder < b.LayoutOrder);
	return found;
}

function readyState(extra: Partial<DeployViewState> = {}): DeployViewState {
	return {
		status: "ready",
		environments: [environment("staging"), environment("production", { mode: "live" })] as unknown as Array<Environment>,
		releases: [release(RELEASE_2, 2), release(RELEASE_1, 1)] as unknown as Array<Release>,
		environment: "staging",
		releaseId: RELEASE_2,
		plan: { status: "none" },
		history: [deployment(DEPLOYMENT_2, "failed"), deployment(DEPLOYMENT_1, "succeeded")] as unknown as Array<Deployment>,
		busy: false,
		...extra,
	};
}

describe("deploy panel", () => {
	it("shows the environments and releases with the chosen ones marked, the buttons, and the history with Roll back on succeeded deployments", () => {
		const panel = createDeployPanel(new Instance("Frame"), 40);
		showDeployView(panel, readyState(), NO_ACTIONS);
		expect(rows(panel.environments).map((r) => (r as TextButton).Text)).toEqual(["▶ staging · dry run", "   production · live"]);
		expect(rows(panel.environments).map((r) => r.GetAttribute("Target"))).toEqual(["staging", "production"]);
		expect(rows(panel.releases).map((r) => r.GetAttribute("Target"))).toEqual([RELEASE_2, RELEASE_1]);
		expect(panel.plan.Visible).toBe(true);
		expect(panel.deploy.Visible).toBe(true);
		const history = rows(panel.history);
		expect(history.map((r) => r.GetAttribute("DeploymentId"))).toEqual([DEPLOYMENT_2, DEPLOYMENT_1]);
		expect(history.map((r) => r.FindFirstChild("RollBack") !== undefined)).toEqual([false, true]);
		expect((history[1].FindFirstChild("Summary") as TextLabel).Text).toBe("#1 deploy · succeeded · dry run · 2026-11-25 14:05");
	});

	it("shows the plan, then the watched deployment's steps instead, and no Roll back while busy", () => {
		const panel = createDeployPanel(new Instance("Frame"), 40);
		showDeployView(panel, readyState({ plan: { status: "ready", plan: plan() as unknown as DeploymentPlan } }), NO_ACTIONS);
		expect(panel.detail.Text.split("\n")[0]).toBe("Plan for staging (dry run: nothing is sent to Roblox)");
		const running = deployment(DEPLOYMENT_2, "running", { steps: steps("running", 1, 2) }) as unknown as Deployment;
		showDeployView(panel, readyState({ watched: running, busy: true }), NO_ACTIONS);
		expect(panel.detail.Text.split("\n")[1]).toBe("Upload assets to Roblox: running 1/2");
		expect(panel.deploy.Text).toBe("Deploying...");
		expect(rows(panel.history).map((r) => r.FindFirstChild("RollBack") !== undefined)).toEqual([false, false]);
	});

	it("shows a refusal in the status line, with no lists or buttons", () => {
		const panel = createDeployPanel(new Instance("Frame"), 40);
		showDeployView(panel, readyState(), NO_ACTIONS);
		showDeployView(
			panel,
			{ status: "no_permission", message: "ask your school admin", environments: [], releases: [], plan: { status: "none" }, history: [], busy: false },
			NO_ACTIONS,
		);
		expect(panel.status.Text).toBe("ask your school admin");
		expect(panel.environments.Visible).toBe(false);
		expect(rows(panel.environments).size()).toBe(0);
		expect(panel.plan.Visible).toBe(false);
		expect(panel.deploy.Visible).toBe(false);
		expect(panel.history.Visible).toBe(false);
	});
});
