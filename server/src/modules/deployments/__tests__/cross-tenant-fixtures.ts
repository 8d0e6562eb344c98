import { pino } from "pino";
import request from "supertest";
import type { ModuleFixtures, SchoolSeed } from "../../../__tests__/cross-tenant/fixture-types";
import type { TestApp } from "../../../http/__tests__/harness";
import { bearer } from "../../tenancy/__tests__/tenancy-fixtures";
import { runDeployment } from "../run-deployment";
import { images, insertRelease, placeFile } from "./deploy-fixtures";

/**
 * This module's objects of one school for the cross-tenant suite (server/src/__tests__/cross-tenant.test.ts): a
 * ready release and one succeeded dry-run deployment of it to the school's key-less "staging" environment (made by
 * the environments seeder). The suite's app runs no workers, so the deployment's job is run here, inline.
 */
export async function seedDeploymentsFixtures(t: TestApp, school: SchoolSeed): Promise<ModuleFixtures> {
	const tenantId = school.admin.tenantId;
	const release = await insertRelease(t, tenantId, { place: placeFile(school.name), assets: images(2, school.name) });
	const res = await request(t.app).post("/v1/deployments").set(bearer(school.admin.token)).send({ environment: "staging", releaseId: release.id });
	if (res.status !== 202) throw new Error(`createDeployment answered ${res.status}: ${JSON.stringify(res.body)}`);
	const deploymentId = res.body.id as string;
	const { infra, config } = t;
	await runDeployment(
		{ db: infra.db, config, storage: infra.storage, realtime: infra.realtime, openCloudClient: infra.openCloudClient, logger: pino({ level: "silent" }) },
		{ tenantId, deploymentId },
		{ attempt: 1, attempts: 1 },
	);
	const done = await request(t.app).get(`/v1/deployments/${deploymentId}`).set(bearer(school.admin.token));
	if (done.body.status !== "succeeded") throw new Error(`the seeded deployment ended ${JSON.stringify(done.body)}`);
	return { path: { deploymentId }, body: { releaseId: release.id }, markers: [deploymentId, release.id] };
}
