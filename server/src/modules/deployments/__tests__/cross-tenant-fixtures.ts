import { pino } from "pino";
import request from "supertest";
import type { ModuleFixtures, SchoolSeed } from "../../../__tests__/cross-tenant/fixture-types";
import type { TestApp } from "../../../http/__tests__/harness";
import { manifestOf, sha, uploadFile } from "../../releases/__tests__/release-fixtures";
import * as sample from "../../releases/__tests__/sample-files";
import { bearer } from "../../tenancy/__tests__/tenancy-fixtures";
import { runDeploymentJob } from "../job/run-deployment-job";

/**
 * This module's objects of one school for the cross-tenant suite (server/src/__tests__/cross-tenant.test.ts): a
 * ready release (declared and uploaded through the releases API) and one succeeded dry-run deployment of it to the
 * school's key-less "staging" environment (made by the environments seeder). The suite's app runs no workers, so
 * the deployment's job is run here, inline.
 */
export async function seedDeploymentsFixtures(t: TestApp, school: SchoolSeed): Promise<ModuleFixtures> {
	const auth = bearer(school.admin.token);
	const place = Buffer.concat([sample.rbxl(), Buffer.from(`${school.name} deployed place`)]);
	const assets = ["a", "b"].map((n) => ({ name: `images/${n}.png`, bytes: Buffer.concat([sample.png(), Buffer.from(`${school.name} ${n}`)]), assetType: "Image" as const }));
	const created = await request(t.app)
		.post("/v1/releases")
		.set(auth)
		.send(manifestOf({ place: { bytes: place, fileName: "ToolBoxAI.rbxl" }, assets }));
	if (created.status !== 201) throw new Error(`createRelease answered ${created.status}: ${JSON.stringify(created.body)}`);
	const releaseId = created.body.id as string;
	for (const bytes of [place, ...assets.map((a) => a.bytes)]) {
		const uploaded = await uploadFile(t, auth, releaseId, sha(bytes), bytes);
		if (uploaded.status !== 201) throw new Error(`uploadReleaseFile answered ${uploaded.status}: ${JSON.stringify(uploaded.body)}`);
	}
	const res = await request(t.app).post("/v1/deployments").set(auth).send({ environment: "staging", releaseId });
	if (res.status !== 202) throw new Error(`createDeployment answered ${res.status}: ${JSON.stringify(res.body)}`);
	const deploymentId = res.body.id as string;
	await runDeploymentJob({ config: t.config, infra: t.infra, logger: pino({ level: "silent" }) }, { tenantId: school.admin.tenantId, deploymentId, attempt: 1, attempts: 1 });
	const done = await request(t.app).get(`/v1/deployments/${deploymentId}`).set(auth);
	if (done.body.status !== "succeeded") throw new Error(`the seeded deployment ended ${JSON.stringify(done.body)}`);
	return { path: { deploymentId }, body: { releaseId }, markers: [deploymentId, releaseId] };
}
