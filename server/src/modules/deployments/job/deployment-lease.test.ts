/** The lease that keeps two runners off one deployment, on the real Postgres. */
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../../http/__tests__/harness";
import { signupSchool, systemQuery, type SchoolAdmin } from "../../tenancy/__tests__/tenancy-fixtures";
import { insertEnvironment, insertRelease, placeFile } from "../__tests__/deploy-fixtures";
import { takeLease } from "./deployment-lease";

let database: TestDatabase;
let t: TestApp;
let admin: SchoolAdmin;
let deploymentId: string;

beforeAll(async () => {
	database = await createTestDatabase("deployment_lease");
	t = await startTestApp({ database });
	admin = await signupSchool(t, "Linden Park");
	const env = await insertEnvironment(t, admin.tenantId, { name: "staging" });
	const release = await insertRelease(t, admin.tenantId, { place: placeFile("lease"), assets: [] });
	const [row] = await systemQuery<{ id: string }>(
		t,
		"INSERT INTO deployments (tenant_id, environment_id, release_id, kind, status, dry_run) VALUES ($1, $2, $3, 'deploy', 'queued', true) RETURNING id",
		[admin.tenantId, env.id, release.id],
	);
	deploymentId = (row as { id: string }).id;
});

afterAll(async () => {
	await t?.close();
	await database?.drop();
});

it("is held by one runner at a time, moves the deployment to running, and is free again once let go", async () => {
	const takes = await Promise.all(Array.from({ length: 5 }, () => takeLease(t.infra.db, admin.tenantId, deploymentId)));
	const held = takes.filter((lease) => lease !== undefined);
	expect(held).toHaveLength(1);
	const [row] = await systemQuery<{ status: string; lease_owner: string }>(t, "SELECT status, lease_owner FROM deployments WHERE id = $1", [deploymentId]);
	expect(row).toEqual({ status: "running", lease_owner: held[0]?.owner });
	expect(await held[0]?.renew()).toBe(true);
	await held[0]?.stop();
	const again = await takeLease(t.infra.db, admin.tenantId, deploymentId);
	expect(again).toBeDefined();
	await again?.stop();
});

it("passes to another runner once expired; the first then finds it lost on renewal", async () => {
	const first = await takeLease(t.infra.db, admin.tenantId, deploymentId);
	expect(first).toBeDefined();
	expect(await takeLease(t.infra.db, admin.tenantId, deploymentId)).toBeUndefined();
	// As if the first runner's process froze past its lease.
	await systemQuery(t, "UPDATE deployments SET lease_until = now() - interval '1 second' WHERE id = $1", [deploymentId]);
	const second = await takeLease(t.infra.db, admin.tenantId, deploymentId);
	expect(second).toBeDefined();
	expect(await first?.renew()).toBe(false);
	expect(first?.held).toBe(false);
	expect(await second?.renew()).toBe(true);
	// Letting go of a lost lease does not free the new holder's.
	await first?.stop();
	const [row] = await systemQuery<{ lease_owner: string }>(t, "SELECT lease_owner FROM deployments WHERE id = $1", [deploymentId]);
	expect(row?.lease_owner).toBe(second?.owner);
	await second?.stop();
});

it("cannot be taken on a finished deployment", async () => {
	await systemQuery(t, "UPDATE deployments SET status = 'succeeded', finished_at = now() WHERE id = $1", [deploymentId]);
	expect(await takeLease(t.infra.db, admin.tenantId, deploymentId)).toBeUndefined();
});
