import request from "supertest";
import type { ModuleFixtures, SchoolSeed } from "../../../__tests__/cross-tenant/fixture-types";
import type { TestApp } from "../../../http/__tests__/harness";
import { bearer } from "../../tenancy/__tests__/tenancy-fixtures";

/**
 * This module's objects of one school for the cross-tenant suite (server/src/__tests__/cross-tenant.test.ts): one
 * key-less environment named "staging" (a dry run, so no Open Cloud fake is needed).
 */
export async function seedEnvironmentsFixtures(t: TestApp, school: SchoolSeed): Promise<ModuleFixtures> {
	const res = await request(t.app).post("/v1/environments").set(bearer(school.admin.token)).send({ name: "staging", universeId: 4815162342, placeId: 1623420815 });
	if (res.status !== 201) throw new Error(`createEnvironment answered ${res.status}: ${JSON.stringify(res.body)}`);
	const id = res.body.id as string;
	return { path: { environmentId: id }, body: {}, markers: [id] };
}
