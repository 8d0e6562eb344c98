import {
	Deployment,
	DeploymentDetail,
	DeploymentPage,
	DeploymentPlan,
	Environment,
	EnvironmentDeleted,
	EnvironmentList,
	ReleasePage,
	type Release,
	type DeploymentPage as DeploymentPageType,
	type EnvironmentCreateRequest,
	type EnvironmentUpdateRequest,
} from "@toolboxai/shared";
import { call } from "./client";

/** The deployment endpoints the dashboard uses, in one place. */
export const DEPLOYMENT_PATHS = {
	environments: "/v1/environments",
	environment: (id: string) => `/v1/environments/${encodeURIComponent(id)}`,
	deployments: (environment: string, limit: number) => `/v1/deployments?environment=${encodeURIComponent(environment)}&limit=${limit}`,
	rollback: (deploymentId: string) => `/v1/deployments/${encodeURIComponent(deploymentId)}/rollback`,
	releases: (limit: number) => `/v1/releases?limit=${limit}`,
	plan: "/v1/deployments/plan",
	deploy: "/v1/deployments",
	detail: (deploymentId: string) => `/v1/deployments/${encodeURIComponent(deploymentId)}/detail`,
} as const;

export async function listEnvironments(): Promise<Environment[]> {
	return (await call(EnvironmentList, "GET", DEPLOYMENT_PATHS.environments, { auth: true })).items;
}

export function createEnvironment(request: EnvironmentCreateRequest): Promise<Environment> {
	return call(Environment, "POST", DEPLOYMENT_PATHS.environments, { auth: true, body: request });
}

export function updateEnvironment(id: string, request: EnvironmentUpdateRequest): Promise<Environment> {
	return call(Environment, "PATCH", DEPLOYMENT_PATHS.environment(id), { auth: true, body: request });
}

export async function deleteEnvironment(id: string): Promise<void> {
	await call(EnvironmentDeleted, "DELETE", DEPLOYMENT_PATHS.environment(id), { auth: true });
}

export function listDeployments(environment: string, limit = 10): Promise<DeploymentPageType> {
	return call(DeploymentPage, "GET", DEPLOYMENT_PATHS.deployments(environment, limit), { auth: true });
}

/** Redeploys the release of an earlier deployment, as a new deployment; `environment` makes the service check it belongs there. */
export function rollbackTo(deploymentId: string, environment: string): Promise<Deployment> {
	return call(Deployment, "POST", DEPLOYMENT_PATHS.rollback(deploymentId), { auth: true, body: { environment } });
}

/** The school's newest releases; the deploy form offers the ready ones (every file held by the service). */
export async function listReleases(limit = 50): Promise<Release[]> {
	return (await call(ReleasePage, "GET", DEPLOYMENT_PATHS.releases(limit), { auth: true })).items;
}

/** What deploying this release to the environment would do: the same plan the CLI's --plan shows. */
export function planRelease(environment: string, releaseId: string): Promise<DeploymentPlan> {
	return call(DeploymentPlan, "POST", DEPLOYMENT_PATHS.plan, { auth: true, body: { environment, releaseId } });
}

export function deployRelease(environment: string, releaseId: string, force: boolean): Promise<Deployment> {
	return call(Deployment, "POST", DEPLOYMENT_PATHS.deploy, { auth: true, body: { environment, releaseId, ...(force ? { force: true } : {}) } });
}

export function getDeploymentDetail(deploymentId: string): Promise<DeploymentDetail> {
	return call(DeploymentDetail, "GET", DEPLOYMENT_PATHS.detail(deploymentId), { auth: true });
}
