/**
 * Production's database shape in tests: the app connected as a login role that owns no table (db/rls.ts), beside
 * an owner app on the same database for setup. Flows that pass here work under row-level security with nothing
 * but their scopes.
 */
import { randomBytes } from "node:crypto";
import { APP_ROLE, SYSTEM_ROLE } from "../../db/rls";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "./harness";

export interface ServiceRoleApps {
	readonly database: TestDatabase;
	/** Connected as the tables' owner (a superuser in tests): for seeding and checks. */
	readonly owner: TestApp;
	/** Connected as `login`, which owns nothing and holds only the two scope roles. */
	readonly service: TestApp;
	readonly login: string;
	close(): Promise<void>;
}

/** Both apps share the master key, as every instance of a deployment does (SECRETS_KEY). */
const SHARED_ENV = { SECRETS_KEY: Buffer.alloc(32, 7).toString("base64") };

export async function startServiceRoleApps(label: string): Promise<ServiceRoleApps> {
	const login = `tbx_${label}_service_${randomBytes(4).toString("hex")}`;
	const database = await createTestDatabase(`${label}_service_role`);
	const owner = await startTestApp({ database, env: SHARED_ENV });
	await owner.infra.db.query(`CREATE ROLE ${login} LOGIN`);
	await owner.infra.db.query(`GRANT ${APP_ROLE}, ${SYSTEM_ROLE} TO ${login}`);
	const url = new URL(database.url);
	url.username = login;
	const service = await startTestApp({ database: { url: url.toString(), drop: async () => undefined }, env: SHARED_ENV });
	return {
		database,
		owner,
		service,
		login,
		async close() {
			await service.close();
			await owner.infra.db.query(`DROP OWNED BY ${login}`);
			await owner.infra.db.query(`DROP ROLE IF EXISTS ${login}`);
			await owner.close();
			await database.drop();
		},
	};
}
