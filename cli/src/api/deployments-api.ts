import {
	ApiKeyIdentity,
	Deployment,
	type DeploymentCreateRequest,
	DeploymentPlan,
	EnvironmentList,
	type PlanRequest,
	Release,
	type ReleaseCreateRequest,
	StoredFile,
} from "@toolboxai/shared";
import type { ServiceClient } from "./service-client";

/** The routes the CLI calls, one method each, replies checked against the shared contracts. */
export class DeploymentsApi {
	constructor(private readonly client: ServiceClient) {}

	plan(request: PlanRequest): Promise<DeploymentPlan> {
		return this.client.request({ method: "POST", path: "/v1/deployments/plan", json: request, schema: DeploymentPlan });
	}

	createRelease(manifest: ReleaseCreateRequest): Promise<Release> {
		return this.client.request({ method: "POST", path: "/v1/releases", json: manifest, schema: Release });
	}

	uploadFile(releaseId: string, sha256: string, file: { readonly path: string; readonly size: number }): Promise<StoredFile> {
		return this.client.request({ method: "PUT", path: `/v1/releases/${releaseId}/files/${sha256}`, file, schema: StoredFile });
	}

	createDeployment(request: DeploymentCreateRequest): Promise<Deployment> {
		return this.client.request({ method: "POST", path: "/v1/deployments", json: request, schema: Deployment });
	}

	getDeployment(deploymentId: string): Promise<Deployment> {
		return this.client.request({ method: "GET", path: `/v1/deployments/${deploymentId}`, schema: Deployment });
	}

	rollback(deploymentId: string, environment: string): Promise<Deployment> {
		return this.client.request({ method: "POST", path: `/v1/deployments/${deploymentId}/rollback`, json: { environment }, schema: Deployment });
	}

	listEnvironments(): Promise<EnvironmentList> {
		return this.client.request({ method: "GET", path: "/v1/environments", schema: EnvironmentList });
	}

	currentKey(): Promise<ApiKeyIdentity> {
		return this.client.request({ method: "GET", path: "/v1/api-keys/current", schema: ApiKeyIdentity });
	}
}
