import { readFileSync } from "node:fs";
import type { Meta } from "@toolboxai/shared";
import type { AppDependencies } from "../../http/app-module";
import { demoSignInFile } from "../../modules/tenancy";

type DemoHint = NonNullable<Meta["demoSignIn"]>;

/**
 * The demo school's sign-in for the dashboard's hint, only on the embedded default (embedded database, not
 * production): school and email, never the password (the person reads it where the service started).
 * The file appears once the first start has seeded the school; read until then, kept once found.
 */
export function demoSignInHint(deps: Pick<AppDependencies, "config" | "infra">): () => DemoHint | undefined {
	if (deps.infra.databaseDriver !== "embedded" || deps.config.nodeEnv === "production") return () => undefined;
	const file = demoSignInFile(deps.config.dataDir);
	let found: DemoHint | undefined;
	return () => {
		if (found !== undefined) return found;
		try {
			const { school, email } = JSON.parse(readFileSync(file, "utf8")) as { school?: unknown; email?: unknown };
			if (typeof school === "string" && typeof email === "string") found = { school, email };
		} catch {
			// Not seeded (yet), or a database that is not the demo's: no hint.
		}
		return found;
	};
}
