import { actionButton, scrollingList, statusLabel } from "../widgets";
import { deploymentText, environmentLabel, headline, historyRowText, planText, releaseLabel } from "./deploy-format";
import type { DeployViewState } from "./deploy-view";

/**
 * The Deploy view in the dock widget: Refresh, a status line, the environments and releases to pick from, Show plan
 * and Deploy, the plan or the watched deployment's steps, and the environment's history with Roll back. Engine glue
 * only; the logic is in ./deploy-view.
 */
export interface DeployPanel {
	readonly refresh: TextButton;
	readonly status: TextLabel;
	readonly environments: ScrollingFrame;
	readonly releases: ScrollingFrame;
	readonly plan: TextButton;
	readonly deploy: TextButton;
	readonly detail: TextLabel;
	readonly history: ScrollingFrame;
}

/** What the panel's row buttons do (the view's methods, spawned by the entry script). */
export interface DeployPanelActions {
	selectEnvironment(name: string): void;
	selectRelease(releaseId: string): void;
	rollback(deploymentId: string): void;
}

export function createDeployPanel(parent: Instance, firstLayoutOrder: number): DeployPanel {
	const refresh = actionButton(parent, "RefreshDeploy", firstLayoutOrder, "Deploy: Refresh");
	const status = statusLabel(parent, "DeployStatus", firstLayoutOrder + 1, 32);
	status.Text = "Press Refresh to list environments and releases.";
	const environments = scrollingList(parent, "DeployEnvironments", firstLayoutOrder + 2, 64);
	const releases = scrollingList(parent, "DeployReleases", firstLayoutOrder + 3, 96);
	const plan = actionButton(parent, "ShowPlan", firstLayoutOrder + 4, "Show plan");
	const deploy = actionButton(parent, "StartDeploy", firstLayoutOrder + 5, "Deploy");
	const detail = statusLabel(parent, "DeployDetail", firstLayoutOrder + 6, 120);
	const history = scrollingList(parent, "DeployHistory", firstLayoutOrder + 7, 120);
	plan.Visible = false;
	deploy.Visible = false;
	return { refresh, status, environments, releases, plan, deploy, detail, history };
}

function clearRows(list: ScrollingFrame): void {
	for (const child of list.GetChildren()) if (child.IsA("GuiObject")) child.Destroy();
}

function pickRow(list: ScrollingFrame, name: string, order: number, text: string, chosen: boolean, target: string, onPick: () => void): void {
	const row = new Instance("TextButton");
	// What the row picks, readable by specs (and by anyone inspecting the widget).
	row.SetAttribute("Target", target);
	row.Name = name;
	row.LayoutOrder = order;
	row.Size = new UDim2(1, 0, 0, 24);
	row.TextXAlignment = Enum.TextXAlignment.Left;
	row.Text = `${chosen ? "▶ " : "   "}${text}`;
	row.Activated.Connect(onPick);
	row.Parent = list;
}

function historyRow(list: ScrollingFrame, order: number, deploymentId: string, text: string, onRollback: (() => void) | undefined): void {
	const row = new Instance("Frame");
	row.SetAttribute("DeploymentId", deploymentId);
	row.Name = `Deployment${order}`;
	row.LayoutOrder = order;
	row.Size = new UDim2(1, 0, 0, 28);
	row.BackgroundTransparency = 1;
	const label = new Instance("TextLabel");
	label.Name = "Summary";
	label.Size = new UDim2(1, -84, 1, 0);
	label.BackgroundTransparency = 1;
	label.TextXAlignment = Enum.TextXAlignment.Left;
	label.TextWrapped = true;
	label.Text = text;
	label.Parent = row;
	if (onRollback !== undefined) {
		const button = new Instance("TextButton");
		button.Name = "RollBack";
		button.Position = new UDim2(1, -80, 0, 2);
		button.Size = new UDim2(0, 80, 0, 24);
		button.Text = "Roll back";
		button.Activated.Connect(onRollback);
		button.Parent = row;
	}
	row.Parent = list;
}

/** Draws a state: every list rebuilt, buttons shown only when they can act. */
export function showDeployView(panel: DeployPanel, state: DeployViewState, actions: DeployPanelActions): void {
	panel.status.Text = headline(state);
	panel.status.TextColor3 = state.status === "error" || state.status === "no_permission" ? Color3.fromRGB(220, 80, 70) : Color3.fromRGB(150, 150, 150);
	panel.refresh.AutoButtonColor = !state.busy;

	clearRows(panel.environments);
	state.environments.forEach((environment, i) => {
		pickRow(panel.environments, `Environment${i + 1}`, i + 1, environmentLabel(environment), environment.name === state.environment, environment.name, () =>
			actions.selectEnvironment(environment.name),
		);
	});
	panel.environments.Visible = state.environments.size() > 0;

	clearRows(panel.releases);
	state.releases.forEach((release, i) => {
		pickRow(panel.releases, `Release${i + 1}`, i + 1, releaseLabel(release), release.id === state.releaseId, release.id, () => actions.selectRelease(release.id));
	});
	panel.releases.Visible = state.releases.size() > 0;

	const canAct = state.status === "ready" && state.environment !== undefined && state.releaseId !== undefined;
	panel.plan.Visible = canAct;
	panel.deploy.Visible = canAct;
	panel.plan.AutoButtonColor = !state.busy;
	panel.deploy.AutoButtonColor = !state.busy;
	panel.deploy.Text = state.watched !== undefined && (state.watched.status === "queued" || state.watched.status === "running") ? "Deploying..." : "Deploy";

	// The watched deployment wins over the plan: it is what is happening now.
	if (state.watched !== undefined) panel.detail.Text = `${deploymentText(state.watched)}${watchModeText(state)}`;
	else if (state.plan.status === "ready") panel.detail.Text = planText(state.plan.plan);
	else if (state.plan.status === "loading") panel.detail.Text = "Asking for the plan...";
	else if (state.plan.status === "error") panel.detail.Text = state.plan.message;
	else panel.detail.Text = "";

	clearRows(panel.history);
	state.history.forEach((deployment, i) => {
		historyRow(
			panel.history,
			i + 1,
			deployment.id,
			historyRowText(deployment),
			deployment.status === "succeeded" && !state.busy ? () => actions.rollback(deployment.id) : undefined,
		);
	});
	panel.history.Visible = state.history.size() > 0;
}

/** While a deployment runs: whether the view follows it live (the event stream) or reads it every 2 s. */
export function watchModeText(state: DeployViewState): string {
	const running = state.watched !== undefined && (state.watched.status === "queued" || state.watched.status === "running");
	if (!running || state.watchMode === undefined) return "";
	return state.watchMode === "live" ? "\n(live)" : "\n(polling every 2 s)";
}
