/** Jest global teardown: drops the migrated template database of template-database.setup.ts. */
import { adminQuery, TEMPLATE_ENV } from "./template-database.setup";

export default async function dropTemplateDatabase(): Promise<void> {
	const admin = process.env.TEST_DATABASE_ADMIN_URL;
	const name = process.env[TEMPLATE_ENV];
	if (admin === undefined || admin === "" || name === undefined) return;
	await adminQuery(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
