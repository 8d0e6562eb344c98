import type { ModuleFixtures, SchoolSeed } from "../../../__tests__/cross-tenant/fixture-types";
import type { TestApp } from "../../../http/__tests__/harness";

/** This module's objects of one school for the cross-tenant suite (server/src/__tests__/cross-tenant.test.ts). */
export async function seedEnvironmentsFixtures(_t: TestApp, _school: SchoolSeed): Promise<ModuleFixtures> {
	return { path: {}, body: {}, markers: [] };
}
