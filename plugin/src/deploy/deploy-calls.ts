import { Deployment, DeploymentPage, DeploymentPlan, type Environment, EnvironmentList, type Release, ReleasePage, type Schema } from "@toolboxai/shared";
import type { CallResult } from "../auth/auth-http";
import type { LessonApi } from "../lessons/lesson-calls";

/** How the deploy view reaches the service as the signed-in user: SignIn fits (Bearer token, refresh, one retry after a 401). */
export type DeployApi = LessonApi;

/** Why a call did not give what was asked: each maps to one state of the view. */
export type DeployFailureReason = "signed_out" | "no_permission" | "offline" | "failed";

export type DeployResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: DeployFailureReason; readonly message: string };

export const NO_PERMISSION_MESSAGE = "You don't have permission to deploy this school's game: ask your school admin.";

/** Percent-encodes a query value (environment names are plain today, but nothing may break the URL). */
function queryValue(text: string): string {
	const [encoded] = text.gsub("[^%w%-_%.~]", (c: string) => string.format("%%%02X", string.byte(c)[0]));
	return encoded;
}

/** A failed call in plain words: 401 signed out, 403 ask the school admin, nothing answering offline, else why. */
export function describeFailure<T>(got: Exclude<CallResult<T>, { ok: true }>, what: string): DeployResult<never> {
	if (got.kind === "unreachable") return { ok: false, reason: "offline", message: `${what} failed: ${got.message}` };
	if (got.kind === "service_error" && got.status === 401) {
		return { ok: false, reason: "signed_out", message: "Your ToolBoxAI sign-in has ended. Sign in again to deploy." };
	}
	if (got.kind === "service_error" && got.status === 403) return { ok: false, reason: "no_permission", message: NO_PERMISSION_MESSAGE };
	const status = got.kind === "service_error" ? ` (HTTP ${got.status}, ${got.code})` : "";
	return { ok: false, reason: "failed", message: `${what} failed: ${got.message}${status}` };
}

function call<T>(
	api: DeployApi,
	what: string,
	request: { readonly path: string; readonly method: "GET" | "POST"; readonly body?: object; readonly schema: Schema<T> },
): DeployResult<T> {
	if (api.session() === undefined) return { ok: false, reason: "signed_out", message: "Sign in to ToolBoxAI to deploy." };
	const got = api.call(request);
	return got.ok ? { ok: true, value: got.value } : describeFailure(got, what);
}

/** The school's environments (GET /v1/environments). */
export function listEnvironments(api: DeployApi): DeployResult<Array<Environment>> {
	const got = call(api, "Listing environments", { path: "/v1/environments", method: "GET", schema: EnvironmentList });
	return got.ok ? { ok: true, value: got.value.items } : got;
}

/** The school's releases, newest first (GET /v1/releases: the first page is enough to pick from). */
export function listReleases(api: DeployApi): DeployResult<Array<Release>> {
	const got = call(api, "Listing releases", { path: "/v1/releases", method: "GET", schema: ReleasePage });
	return got.ok ? { ok: true, value: got.value.items } : got;
}

/** What deploying `releaseId` to `environment` would do (POST /v1/deployments/plan), nothing sent to Roblox. */
export function planDeployment(api: DeployApi, environment: string, releaseId: string): DeployResult<DeploymentPlan> {
	return call(api, "Planning the deploy", { path: "/v1/deployments/plan", method: "POST", body: { environment, releaseId }, schema: DeploymentPlan });
}

/** Starts a deployment (POST /v1/deployments; the service answers 202 with it queued). */
export function startDeployment(api: DeployApi, environment: string, releaseId: string): DeployResult<Deployment> {
	return call(api, "Starting the deploy", { path: "/v1/deployments", method: "POST", body: { environment, releaseId }, schema: Deployment });
}

/** One reading of a deployment (GET /v1/deployments/:id). */
export function getDeployment(api: DeployApi, deploymentId: string): DeployResult<Deployment> {
	return call(api, "Reading the deployment", { path: `/v1/deployments/${deploymentId}`, method: "GET", schema: Deployment });
}

/** An environment's deployments, newest first (GET /v1/deployments?environment=). */
export function listDeployments(api: DeployApi, environment: string): DeployResult<Array<Deployment>> {
	const got = call(api, "Listing deployments", { path: `/v1/deployments?environment=${queryValue(environment)}`, method: "GET", schema: DeploymentPage });
	return got.ok ? { ok: true, value: got.value.items } : got;
}

/** Redeploys the release of an earlier deployment of `environment` (POST /v1/deployments/:id/rollback). */
export function rollbackTo(api: DeployApi, deploymentId: string, environment: string): DeployResult<Deployment> {
	return call(api, "Rolling back", { path: `/v1/deployments/${deploymentId}/rollback`, method: "POST", body: { environment }, schema: Deployment });
}
