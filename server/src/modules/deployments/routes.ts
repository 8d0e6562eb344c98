import { Deployment, DeploymentCreateRequest, DeploymentDetail, DeploymentPage, DeploymentPlan, PlanRequest, RollbackRequest, type Infer } from "@toolboxai/shared";
import type { Request } from "express";
import type { AppModule } from "../../http/app-module";
import { pageQuery, pageQueryParameters, queryText } from "../../http/query-params";
import { defineRoute, reply } from "../../http/route";
import { callerOf, pathId } from "../../http/request-context";
import { createDeployment } from "./create-deployment";
import { getDeployment } from "./get-deployment";
import { getDeploymentDetail } from "./get-deployment-detail";
import { defineDeploymentJob } from "./job/define-deployment-job";
import { startDeploymentSweeper } from "./job/sweep-deployments";
import { DEPLOYMENT_PAGE_DEFAULT, DEPLOYMENT_PAGE_MAX, listDeployments, type DeploymentQuery } from "./list-deployments";
import { planDeployment } from "./plan-deployment";
import { rollbackDeployment } from "./rollback-deployment";

const MANAGE = { kind: "user_or_api_key", permission: "deployments:manage", scope: "deployments:write" } as const;
const READ = { kind: "user_or_api_key", permission: "deployments:read", scope: "deployments:write" } as const;

function queryOf(req: Request): DeploymentQuery {
	const environment = queryText(req, "environment", 32);
	return { ...(environment === undefined ? {} : { environment }), ...pageQuery(req, { defaultLimit: DEPLOYMENT_PAGE_DEFAULT, maxLimit: DEPLOYMENT_PAGE_MAX }) };
}

const deploymentId = (params: Readonly<Record<string, string>>) => pathId(params.deploymentId, "deployment");

export const deploymentsModule: AppModule = {
	name: "deployments",
	routes: (deps) => [
		defineRoute({
			method: "post",
			path: "/v1/deployments/plan",
			operationId: "planDeployment",
			summary: "Plan a deployment",
			description:
				"What deploying a release (stored, or a manifest) to an environment would upload, publish, push and message, with the Open Cloud calls it needs and anything that would make it fail. Never calls Roblox.",
			tags: ["deployments"],
			access: MANAGE,
			request: { body: PlanRequest, example: PlanRequest.example as Infer<typeof PlanRequest>, exactlyOneOf: ["releaseId", "release"] },
			response: { status: 200, body: DeploymentPlan, description: "The plan." },
			errors: ["not_found", "validation_failed"],
			handle: ({ req, body }) => planDeployment(deps, callerOf(req), body),
		}),
		defineRoute({
			method: "post",
			path: "/v1/deployments",
			operationId: "createDeployment",
			summary: "Deploy a release to an environment",
			description:
				"Queues the deployment (202) and runs it as a job with recorded steps: upload new assets, wait for them, publish the place, push the lesson content, message live servers. Without an Open Cloud key the environment deploys as a dry run. One deployment per environment at a time (409).",
			tags: ["deployments"],
			access: MANAGE,
			request: { body: DeploymentCreateRequest, example: DeploymentCreateRequest.example as Infer<typeof DeploymentCreateRequest> },
			response: { status: 202, body: Deployment, description: "The queued deployment; follow it with GET /v1/deployments/{deploymentId}." },
			errors: ["not_found", "conflict", "validation_failed"],
			handle: async ({ req, body }) => reply(202, await createDeployment(deps, callerOf(req), body)),
		}),
		defineRoute({
			method: "post",
			path: "/v1/deployments/:deploymentId/rollback",
			operationId: "rollbackDeployment",
			summary: "Roll back to an earlier deployment",
			description:
				"Deploys that deployment's release again as a new deployment (kind rollback): its stored place file is published as a new version and its content and asset map are pushed again.",
			tags: ["deployments"],
			access: MANAGE,
			request: { body: RollbackRequest, example: RollbackRequest.example as Infer<typeof RollbackRequest> },
			response: { status: 202, body: Deployment, description: "The queued rollback." },
			errors: ["not_found", "conflict", "validation_failed"],
			handle: async ({ req, body, params }) => reply(202, await rollbackDeployment(deps, callerOf(req), { ...body, deploymentId: deploymentId(params) })),
		}),
		defineRoute({
			method: "get",
			path: "/v1/deployments/:deploymentId",
			operationId: "getDeployment",
			summary: "A deployment and its steps",
			tags: ["deployments"],
			access: READ,
			response: { status: 200, body: Deployment, description: "The deployment." },
			errors: ["not_found"],
			handle: ({ req, params }) => getDeployment(deps, callerOf(req), { deploymentId: deploymentId(params) }),
		}),
		defineRoute({
			method: "get",
			path: "/v1/deployments/:deploymentId/detail",
			operationId: "getDeploymentDetail",
			summary: "A deployment for people: who started it and each asset",
			description:
				"The deployment with its steps, who started it (a person's or an API key's name) and each asset of its release: uploaded by it (with the Open Cloud operation id and the asset id), still to upload, or reused from an earlier deployment.",
			tags: ["deployments"],
			access: READ,
			response: { status: 200, body: DeploymentDetail, description: "The deployment in detail." },
			errors: ["not_found"],
			handle: ({ req, params }) => getDeploymentDetail(deps, callerOf(req), { deploymentId: deploymentId(params) }),
		}),
		defineRoute({
			method: "get",
			path: "/v1/deployments",
			operationId: "listDeployments",
			summary: "The school's deployments, newest first",
			description: `Filter with ?environment=<name>; page with ?limit= (1-${DEPLOYMENT_PAGE_MAX}, default ${DEPLOYMENT_PAGE_DEFAULT}) and ?cursor= from the previous page.`,
			tags: ["deployments"],
			access: READ,
			query: [
				{ name: "environment", description: "Only deployments to the environment of this name.", schema: { type: "string", maxLength: 32 } },
				...pageQueryParameters({ defaultLimit: DEPLOYMENT_PAGE_DEFAULT, maxLimit: DEPLOYMENT_PAGE_MAX }),
			],
			response: { status: 200, body: DeploymentPage, description: "One page of deployments." },
			errors: ["bad_request"],
			handle: ({ req }) => listDeployments(deps, callerOf(req), queryOf(req)),
		}),
	],
	jobs: (deps) => [defineDeploymentJob(deps)],
	start: (deps) => startDeploymentSweeper(deps),
};
