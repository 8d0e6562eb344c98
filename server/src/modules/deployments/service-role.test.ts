/**
 * Production runs the service as a login role that owns no table (db/rls.ts). Deployments must work through their
 * scopes alone: planning, a live deploy (asset map written), a dry run through the queue, rollback, listing, and
 * the sweep that resumes deployments across schools (system scope). Unscoped, the role sees none of the rows.
 */
import { pino } from "pino";
import { QueryTypes } from "sequelize";
import request from "supertest";
import type { TestApp } from "../../http/__tests__/harness";
import { startServiceRoleApps, type ServiceRoleApps } from "../../http/__tests__/service-role";
import { FakeOpenCloud } from "../../integrations/open-cloud/__tests__/fake-open-cloud";
import { API_KEY } from "../../integrations/open-cloud/__tests__/test-kit";
import { createLiveOpenCloud } from "../../integrations/open-cloud/live";
import { createOpenCloudClientFactory } from "../../integrations/open-cloud/select";
import { bearer, signupSchool, systemQuery } from "../tenancy/__tests__/tenancy-fixtures";
import { images, insertEnvironment, insertRelease, placeFile } from "./__tests__/deploy-fixtures";
import { waitForDeployment } from "./__tests__/deploy-harness";
import { runDeploymentJob } from "./job/run-deployment-job";
import { sweepDeployments } from "./job/sweep-deployments";

jest.setTimeout(60_000);

let roles: ServiceRoleApps;
let owner: TestApp;
let service: TestApp;
let fake: FakeOpenCloud;

beforeAll(async () => {
	roles = await startServiceRoleApps("deployments");
	({ owner, service } = roles);
	fake = await new FakeOpenCloud({ apiKey: API_KEY, pollsUntilDone: 0 }).start();
});

afterAll(async () => {
	await roles?.close();
	await fake?.close();
});

test("plan, live deploy, dry runs through the queue, rollback, list and sweep work as the service role", async () => {
	const [current] = await service.infra.db.query<{ current_user: string }>("SELECT current_user", { type: QueryTypes.SELECT });
	expect(current?.current_user).toBe(roles.login);
	const app = service.app;
	const school = await signupSchool(service, "Service Role Deploys");
	const tenantId = school.tenantId;
	const token = school.token;
	const admin = bearer(token);
	await insertEnvironment(service, tenantId, { name: "live", apiKey: API_KEY, ownerUserId: 99, universeId: 777, placeId: 778 });
	await insertEnvironment(service, tenantId, { name: "dry" });
	const release = await insertRelease(service, tenantId, { place: placeFile("svc"), assets: images(2, "svc") });

	const plan = await request(app).post("/v1/deployments/plan").set(admin).send({ environment: "live", releaseId: release.id });
	expect(plan.status).toBe(200);
	expect(plan.body.uploads).toHaveLength(2);

	// The live deploy runs inline against the fake (the service app's own client would go to Roblox).
	const live = await request(app).post("/v1/deployments").set(admin).send({ environment: "live", releaseId: release.id });
	expect(live.status).toBe(202);
	const openCloudClient = createOpenCloudClientFactory({
		baseUrl: fake.url,
		live: createLiveOpenCloud(),
		dryRun: service.infra.openCloud,
		tuning: { poll: { firstDelayMs: 10, factor: 2, maxDelayMs: 100, maxPolls: 10 } },
	});
	await runDeploymentJob(
		{ config: service.config, infra: { ...service.infra, openCloudClient }, logger: pino({ level: "silent" }) },
		{ tenantId, deploymentId: live.body.id, attempt: 1, attempts: 1 },
	);
	expect((await request(app).get(`/v1/deployments/${live.body.id}`).set(admin)).body.status).toBe("succeeded");
	expect(fake.answeredCreates()).toHaveLength(2);
	expect((await request(app).post("/v1/deployments/plan").set(admin).send({ environment: "live", releaseId: release.id })).body.upToDate).toBe(true);

	await service.infra.queue.start();
	const dry = await request(app).post("/v1/deployments").set(admin).send({ environment: "dry", releaseId: release.id });
	expect((await waitForDeployment(service, token, dry.body.id)).status).toBe("succeeded");
	const rollback = await request(app).post(`/v1/deployments/${dry.body.id}/rollback`).set(admin).send({ environment: "dry" });
	expect(rollback.status).toBe(202);
	expect((await waitForDeployment(service, token, rollback.body.id)).status).toBe("succeeded");

	// A deployment whose runner never started (as after a crash): the sweep, as the system scope, resumes it.
	const [dryEnv] = await systemQuery<{ id: string }>(owner, "SELECT id FROM deployment_environments WHERE tenant_id = $1 AND name = 'dry'", [tenantId]);
	const [stranded] = await systemQuery<{ id: string }>(
		owner,
		"INSERT INTO deployments (tenant_id, environment_id, release_id, kind, status, dry_run, force, created_at) VALUES ($1, $2, $3, 'deploy', 'queued', true, true, now() - interval '1 minute') RETURNING id",
		[tenantId, dryEnv?.id, release.id],
	);
	await systemQuery(
		owner,
		"INSERT INTO deployment_steps (tenant_id, deployment_id, position, name, status) SELECT $1, $2, p, n, 'pending' FROM unnest(ARRAY['upload_assets','wait_for_assets','publish_place','push_content','message_servers']) WITH ORDINALITY AS s (n, p)",
		[tenantId, stranded?.id],
	);
	const swept = await sweepDeployments({ infra: service.infra, logger: pino({ level: "silent" }) });
	expect(swept.resumed).toEqual([stranded?.id]);
	expect((await waitForDeployment(service, token, stranded?.id as string)).status).toBe("succeeded");

	const list = await request(app).get("/v1/deployments").set(admin);
	expect(list.body.items).toHaveLength(4);
	for (const table of ["deployments", "deployment_steps", "deployment_assets", "environment_assets", "releases"]) {
		const [unscoped] = await service.infra.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`, { type: QueryTypes.SELECT });
		expect({ table, n: unscoped?.n }).toEqual({ table, n: 0 });
	}
	const [map] = await systemQuery<{ n: number }>(owner, "SELECT count(*)::int AS n FROM environment_assets WHERE tenant_id = $1", [tenantId]);
	expect(map?.n).toBe(2);
});
