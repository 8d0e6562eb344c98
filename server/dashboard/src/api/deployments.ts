import {
	Deployment,
	DeploymentPage,
	Environment,
	EnvironmentDeleted,
	EnvironmentList,
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
