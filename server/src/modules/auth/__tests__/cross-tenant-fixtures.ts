import type { ModuleFixtures, SchoolSeed } from "../../../__tests__/cross-tenant/fixture-types";
import type { TestApp } from "../../../http/__tests__/harness";
import { issueSession } from "../sessions/issue-session";

/** This module's objects of one school for the cross-tenant suite: a Studio session of the school's teacher. */
export async function seedAuthFixtures(t: TestApp, school: SchoolSeed): Promise<ModuleFixtures> {
	const tokens = await issueSession(t, {
		userId: school.teacher.userId,
		tenantId: school.admin.tenantId,
		roles: ["teacher"],
		client: { kind: "studio", label: `${school.name} lab` },
	});
	const sessionId = JSON.parse(Buffer.from(tokens.accessToken.split(".")[1] ?? "", "base64url").toString()).sid as string;
	return { path: { sessionId }, body: {}, markers: [sessionId] };
}
