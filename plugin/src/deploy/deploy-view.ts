import type { Deployment, DeploymentPlan, Environment, Release } from "@toolboxai/shared";
import {
	type DeployApi,
	type DeployFailureReason,
	type DeployResult,
	getDeployment,
	listDeployments,
	listEnvironments,
	listReleases,
	planDeployment,
	rollbackTo,
	startDeployment,
} from "./deploy-calls";
import type { DeploymentFollower } from "./event-stream";

/** Seconds between readings of a queued or running deployment. */
export const WATCH_INTERVAL_SECONDS = 2;
/** Following live: how often the view looks for news from the stream, and reads anyway when none came. */
export const LIVE_CHECK_SECONDS = 0.25;
export const LIVE_SAFETY_READ_SECONDS = 15;
/** Failed readings in a row before the view stops watching (the deployment itself goes on in the service). */
export const MAX_WATCH_FAILURES = 3;

export type DeployViewStatus = "signed_out" | "no_permission" | "loading" | "error" | "ready";

export type PlanState =
	| { readonly status: "none" }
	| { readonly status: "loading" }
	| { readonly status: "ready"; readonly plan: DeploymentPlan }
	| { readonly status: "error"; readonly message: string };

export interface DeployViewState {
	readonly status: DeployViewStatus;
	/** Why the view is signed out, refused, or in error; what the last action said otherwise. */
	readonly message?: string;
	readonly environments: ReadonlyArray<Environment>;
	readonly releases: ReadonlyArray<Release>;
	/** The chosen environment's name and release's id. */
	readonly environment?: string;
	readonly releaseId?: string;
	readonly plan: PlanState;
	/** The deployment started or rolled back from here, as last read. */
	readonly watched?: Deployment;
	/** How it is followed: live through the service's event stream, or polling every 2 s (no stream, or it failed). */
	readonly watchMode?: "live" | "polling";
	/** The chosen environment's deployments, newest first. */
	readonly history: ReadonlyArray<Deployment>;
	/** An action (plan, deploy, rollback, loading the lists) is in progress: buttons wait. */
	readonly busy: boolean;
}

export interface DeployViewDeps {
	readonly api: DeployApi;
	/** task.wait in Studio; specs pass a fake clock. */
	readonly wait: (seconds: number) => void;
	/** Follows a deployment through the event stream (./event-stream); absent or undefined: polling. */
	readonly follow?: (deploymentId: string) => DeploymentFollower | undefined;
}

const EMPTY: DeployViewState = { status: "loading", environments: [], releases: [], plan: { status: "none" }, history: [], busy: false };

function isActive(deployment: Deployment): boolean {
	return deployment.status === "queued" || deployment.status === "running";
}

/**
 * The Deploy view's logic, without the engine: lists environments and releases, shows the plan, starts a deploy or a
 * rollback and watches it every 2 s until it ends, keeps the environment's history. Listeners get every new state;
 * the panel (./deploy-panel) only draws it.
 */
export class DeployView {
	private state: DeployViewState = EMPTY;
	private readonly listeners = new Array<(state: DeployViewState) => void>();
	/** Bumped by each new watch or reload: an older watch loop sees it and stops. */
	private watchGeneration = 0;

	constructor(private readonly deps: DeployViewDeps) {}

	getState(): DeployViewState {
		return this.state;
	}

	onChange(listener: (state: DeployViewState) => void): void {
		this.listeners.push(listener);
	}

	/** (Re)loads environments, releases and the chosen environment's history; keeps choices that still exist. */
	load(): DeployViewState {
		this.watchGeneration += 1;
		if (this.deps.api.session() === undefined) return this.fail("signed_out", "Sign in to ToolBoxAI to deploy.");
		this.set({ ...this.state, status: "loading", message: undefined, busy: true });
		const environments = listEnvironments(this.deps.api);
		if (!environments.ok) return this.fail(environments.reason, environments.message);
		const releases = listReleases(this.deps.api);
		if (!releases.ok) return this.fail(releases.reason, releases.message);
		const keptEnvironment = environments.value.find((e) => e.name === this.state.environment) ?? environments.value[0];
		const keptRelease = releases.value.find((r) => r.id === this.state.releaseId) ?? releases.value[0];
		let message: string | undefined;
		if (environments.value.size() === 0) message = "No environments yet: your school admin adds them in the dashboard (Deployments).";
		else if (releases.value.size() === 0) message = "No releases yet: make one from CI with `toolboxai deploy`, or upload one through the API.";
		this.set({
			...this.state,
			status: "ready",
			message,
			environments: environments.value,
			releases: releases.value,
			environment: keptEnvironment?.name,
			releaseId: keptRelease?.id,
			// A plan describes the environment as it was: after a reload it is planned again.
			plan: { status: "none" },
			history: [],
			busy: false,
		});
		if (keptEnvironment !== undefined) this.loadHistory();
		return this.state;
	}

	selectEnvironment(name: string): void {
		if (this.state.busy || this.state.environments.find((e) => e.name === name) === undefined) return;
		this.set({ ...this.state, environment: name, plan: { status: "none" }, history: [], message: undefined });
		this.loadHistory();
	}

	selectRelease(releaseId: string): void {
		if (this.state.busy || this.state.releases.find((r) => r.id === releaseId) === undefined) return;
		this.set({ ...this.state, releaseId, plan: { status: "none" }, message: undefined });
	}

	/** Asks the service what deploying the chosen release would do. */
	showPlan(): void {
		const environment = this.state.environment;
		const releaseId = this.state.releaseId;
		if (this.state.busy || environment === undefined || releaseId === undefined) return;
		this.set({ ...this.state, plan: { status: "loading" }, message: undefined, busy: true });
		const got = planDeployment(this.deps.api, environment, releaseId);
		this.set({ ...this.state, plan: got.ok ? { status: "ready", plan: got.value } : { status: "error", message: got.message }, busy: false });
		if (!got.ok) this.failIfSignedOut(got);
	}

	/**
	 * Starts a deploy of the chosen release and watches it to the end. The plan comes first (confirm before apply):
	 * without one on show, Deploy shows it and asks to press again; a plan with problems deploys nothing.
	 */
	deploy(): void {
		const environment = this.state.environment;
		const releaseId = this.state.releaseId;
		if (this.state.busy || environment === undefined || releaseId === undefined) return;
		if (this.state.plan.status !== "ready") {
			this.showPlan();
			const shown = this.getState().plan;
			if (shown.status === "ready" && shown.plan.problems.size() === 0) {
				this.set({ ...this.state, message: "This is what the deploy does: press Deploy again to start it." });
			}
			return;
		}
		if (this.state.plan.plan.problems.size() > 0) {
			this.set({ ...this.state, message: "The plan has problems (below): fix them before deploying." });
			return;
		}
		this.set({ ...this.state, message: "Starting the deploy...", busy: true });
		this.watch(startDeployment(this.deps.api, environment, releaseId));
	}

	/** Redeploys the release an earlier deployment of the chosen environment deployed, and watches it. */
	rollback(deploymentId: string): void {
		const environment = this.state.environment;
		if (this.state.busy || environment === undefined) return;
		this.set({ ...this.state, message: "Starting the rollback...", busy: true });
		this.watch(rollbackTo(this.deps.api, deploymentId, environment));
	}

	/** Reads the started deployment every WATCH_INTERVAL_SECONDS while it is queued or running. */
	private watch(started: DeployResult<Deployment>): void {
		if (!started.ok) {
			this.set({ ...this.state, message: started.message, busy: false });
			return void this.failIfSignedOut(started);
		}
		this.watchGeneration += 1;
		const generation = this.watchGeneration;
		let current = started.value;
		const follower = isActive(current) ? this.deps.follow?.(current.id) : undefined;
		let mode: "live" | "polling" = follower !== undefined && follower.state() === "live" ? "live" : "polling";
		// The plan on show described the environment before this deployment: a new press must plan again.
		this.set({ ...this.state, watched: current, watchMode: mode, plan: { status: "none" }, message: undefined, busy: isActive(current) });
		let failures = 0;
		let sinceRead = 0;
		while (isActive(current)) {
			if (mode === "live" && follower !== undefined) {
				this.deps.wait(LIVE_CHECK_SECONDS);
				sinceRead += LIVE_CHECK_SECONDS;
				if (generation !== this.watchGeneration) return void follower.close();
				if (follower.state() !== "live") {
					// The stream gave up: read every 2 s from now on, and once now for what it may have missed.
					follower.close();
					mode = "polling";
					this.set({ ...this.state, watchMode: mode });
				} else if (!follower.takeChanged() && sinceRead < LIVE_SAFETY_READ_SECONDS) continue;
			} else {
				this.deps.wait(WATCH_INTERVAL_SECONDS);
				if (generation !== this.watchGeneration) return void follower?.close();
			}
			sinceRead = 0;
			const reading = getDeployment(this.deps.api, current.id);
			if (generation !== this.watchGeneration) return void follower?.close();
			if (!reading.ok) {
				failures += 1;
				if (reading.reason === "signed_out" || failures >= MAX_WATCH_FAILURES) {
					follower?.close();
					this.set({ ...this.state, busy: false, message: `Stopped watching: ${reading.message} The deployment goes on in the service; press Refresh to see it.` });
					return void this.failIfSignedOut(reading);
				}
				continue;
			}
			failures = 0;
			current = reading.value;
			this.set({ ...this.state, watched: current });
		}
		follower?.close();
		this.set({ ...this.state, watched: current, busy: false });
		this.loadHistory();
	}

	private loadHistory(): void {
		const environment = this.state.environment;
		if (environment === undefined) return;
		const got = listDeployments(this.deps.api, environment);
		// Another environment may have been chosen while this call yielded: its history is not this one.
		if (this.state.environment !== environment) return;
		if (got.ok) this.set({ ...this.state, history: got.value });
		else if (got.reason === "signed_out") this.fail(got.reason, got.message);
		else this.set({ ...this.state, history: [], message: got.message });
	}

	private failIfSignedOut(got: { readonly reason: DeployFailureReason; readonly message: string }): void {
		if (got.reason === "signed_out") this.fail("signed_out", got.message);
	}

	private fail(reason: DeployFailureReason, message: string): DeployViewState {
		const status: DeployViewStatus = reason === "signed_out" ? "signed_out" : reason === "no_permission" ? "no_permission" : "error";
		return this.set({ ...EMPTY, status, message, busy: false });
	}

	private set(state: DeployViewState): DeployViewState {
		this.state = state;
		for (const listener of [...this.listeners]) listener(state);
		return state;
	}
}
