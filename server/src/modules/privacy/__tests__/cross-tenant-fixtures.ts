import request from "supertest";
import type { ModuleFixtures, SchoolSeed } from "../../../__tests__/cross-tenant/fixture-types";
import type { TestApp } from "../../../http/__tests__/harness";
import { bearer } from "../../tenancy/__tests__/tenancy-fixtures";

/** This module's objects of one school for the cross-tenant suite: a data request (one that runs no job). */
export async function seedPrivacyFixtures(t: TestApp, school: SchoolSeed): Promise<ModuleFixtures> {
	const res = await request(t.app)
		.post("/v1/privacy/requests")
		.set(bearer(school.admin.token))
		.send({ kind: "erasure", subject: { kind: "school" }, identityCheck: { method: "signed_in_account" } });
	if (res.status !== 201) throw new Error(`createPrivacyRequest answered ${res.status}: ${JSON.stringify(res.body)}`);
	const id = res.body.id as string;
	return { path: { requestId: id }, body: {}, markers: [id] };
}
