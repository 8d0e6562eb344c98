import request from "supertest";
import type { ModuleFixtures, SchoolSeed } from "../../../__tests__/cross-tenant/fixture-types";
import type { TestApp } from "../../../http/__tests__/harness";
import { bearer } from "../../tenancy/__tests__/tenancy-fixtures";

/**
 * This module's objects of one school for the cross-tenant suite: a test mail (its message id). Templates belong to
 * no school, so the preview is probed with a name no template has (404): what matters is that nothing of A leaks.
 */
export async function seedMailFixtures(t: TestApp, school: SchoolSeed): Promise<ModuleFixtures> {
	const res = await request(t.app).post("/v1/mail/test").set(bearer(school.admin.token)).send({});
	if (res.status !== 202) throw new Error(`sendTestMail answered ${res.status}: ${JSON.stringify(res.body)}`);
	const id = res.body.messageId as string;
	return { path: { messageId: id, templateName: "no-such-template" }, body: {}, markers: [id] };
}
