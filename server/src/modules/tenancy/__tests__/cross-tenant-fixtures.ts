import request from "supertest";
import type { ModuleFixtures, SchoolSeed } from "../../../__tests__/cross-tenant/fixture-types";
import type { TestApp } from "../../../http/__tests__/harness";
import { addPerson, bearer } from "./tenancy-fixtures";

/** This module's objects of one school for the cross-tenant suite: a guardian link between two people of its own. */
export async function seedTenancyFixtures(t: TestApp, school: SchoolSeed): Promise<ModuleFixtures> {
	const guardian = await addPerson(t, school.admin.tenantId, ["guardian"], `${school.name} linked guardian`);
	const student = await addPerson(t, school.admin.tenantId, ["student"], `${school.name} linked student`);
	const link = await request(t.app).post("/v1/guardian-links").set(bearer(school.admin.token)).send({ guardianUserId: guardian.userId, studentUserId: student.userId });
	if (link.status !== 201) throw new Error(`linkGuardian answered ${link.status}`);
	return { path: { linkId: link.body.id as string }, body: {}, markers: [link.body.id as string, `${school.name} linked student`] };
}
