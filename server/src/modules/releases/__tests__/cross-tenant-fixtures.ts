import request from "supertest";
import type { ModuleFixtures, SchoolSeed } from "../../../__tests__/cross-tenant/fixture-types";
import type { TestApp } from "../../../http/__tests__/harness";
import { bearer } from "../../tenancy/__tests__/tenancy-fixtures";
import { manifestOf, sha, uploadFile } from "./release-fixtures";
import * as sample from "./sample-files";

/**
 * This module's objects of one school for the cross-tenant suite (server/src/__tests__/cross-tenant.test.ts): a
 * release with its place file uploaded (bytes unique to the school) and one asset still missing.
 */
export async function seedReleasesFixtures(t: TestApp, school: SchoolSeed): Promise<ModuleFixtures> {
	const place = Buffer.concat([sample.rbxl(), Buffer.from(`${school.name} place`)]);
	const logo = Buffer.concat([sample.png(), Buffer.from(`${school.name} logo`)]);
	const files = { place: { bytes: place, fileName: "ToolBoxAI.rbxl" }, assets: [{ name: "images/logo.png", bytes: logo, assetType: "Image" as const }] };
	const created = await request(t.app)
		.post("/v1/releases")
		.set(bearer(school.admin.token))
		.send(manifestOf(files, { notes: `${school.name} release notes` }));
	if (created.status !== 201) throw new Error(`createRelease answered ${created.status}: ${JSON.stringify(created.body)}`);
	const uploaded = await uploadFile(t, bearer(school.admin.token), created.body.id, sha(place), place);
	if (uploaded.status !== 201) throw new Error(`uploadReleaseFile answered ${uploaded.status}: ${JSON.stringify(uploaded.body)}`);
	return {
		path: { releaseId: created.body.id, sha256: sha(place) },
		body: { releaseId: created.body.id },
		markers: [created.body.id, sha(place), sha(logo)],
	};
}
