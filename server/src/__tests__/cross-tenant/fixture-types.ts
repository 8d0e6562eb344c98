import type { TestApp } from "../../http/__tests__/harness";
import type { Person, SchoolAdmin } from "../../modules/tenancy/__tests__/tenancy-fixtures";

/** What a module's cross-tenant seeder gets: one school's people and API key (every scope). */
export interface SchoolSeed {
	readonly name: string;
	readonly admin: SchoolAdmin;
	readonly teacher: Person;
	readonly apiKey: { id: string; secret: string };
}

/**
 * A module's objects of one school, for the cross-tenant suite: values for path parameters and body fields that
 * name them, and the strings that must never reach another school.
 */
export interface ModuleFixtures {
	readonly path: Readonly<Record<string, string>>;
	readonly body: Readonly<Record<string, string>>;
	readonly markers: ReadonlyArray<string>;
}

export type SeedModuleFixtures = (t: TestApp, school: SchoolSeed) => Promise<ModuleFixtures>;
