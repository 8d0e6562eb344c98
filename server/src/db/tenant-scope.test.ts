import { QueryTypes, type Sequelize } from "sequelize";
import { createTempDatabase, type TempDatabase } from "./__tests__/temp-database";
import { captureLogger } from "./__tests__/silent-logger";
import { migrate } from "./migrate";
import { APP_ROLE } from "./rls";
import { createSequelize } from "./sequelize";
import { withSystem, withTenant } from "./tenant-scope";

const { logger } = captureLogger();
let database: TempDatabase;
let db: Sequelize;
let tenantA: string;
let tenantB: string;
let userA: string;

async function one<T extends object>(sql: string, bind: unknown[] = []): Promise<T> {
	const rows = await db.query<T>(sql, { bind, type: QueryTypes.SELECT });
	return rows[0] as T;
}

beforeAll(async () => {
	database = await createTempDatabase("tenant_scope");
	db = createSequelize({ url: database.url, poolMax: 3, logger });
	await migrate({ db, logger });
	tenantA = (await one<{ id: string }>("INSERT INTO tenants (name) VALUES ('A school') RETURNING id")).id;
	tenantB = (await one<{ id: string }>("INSERT INTO tenants (name) VALUES ('B school') RETURNING id")).id;
	userA = (await one<{ id: string }>("INSERT INTO users (display_name) VALUES ('Ada') RETURNING id")).id;
	await db.query("INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'teacher')", { bind: [tenantA, userA] });
});

afterAll(async () => {
	await db?.close();
	await database?.drop();
});

const countMemberships = (transaction: unknown) =>
	db.query<{ n: number }>("SELECT count(*)::int AS n FROM memberships", { type: QueryTypes.SELECT, transaction: transaction as never }).then((rows) => rows[0]?.n);

describe("withTenant: row-level security as the second wall", () => {
	it("runs as the app role with the tenant set, then both reset at commit", async () => {
		const inside = await withTenant(db, tenantB, (transaction) =>
			db.query<{ role: string; tenant: string }>("SELECT current_user AS role, current_setting('app.tenant_id', true) AS tenant", { type: QueryTypes.SELECT, transaction }),
		);
		expect(inside[0]).toEqual({ role: APP_ROLE, tenant: tenantB });
		const after = await one<{ role: string }>("SELECT current_user AS role");
		expect(after.role).not.toBe(APP_ROLE);
	});

	it("a raw SELECT with no tenant filter sees only the scoped tenant's rows", async () => {
		expect(await withTenant(db, tenantB, countMemberships)).toBe(0);
		expect(await withTenant(db, tenantA, countMemberships)).toBe(1);
		expect(await withSystem(db, countMemberships)).toBe(1);
	});

	it("shows a tenant scope its own school only, and lets it change none", async () => {
		const names = await withTenant(db, tenantB, (transaction) => db.query<{ name: string }>("SELECT name FROM tenants", { type: QueryTypes.SELECT, transaction }));
		expect(names).toEqual([{ name: "B school" }]);
		await withTenant(db, tenantB, (transaction) => db.query("UPDATE tenants SET name = 'taken over'", { transaction }));
		const all = await withSystem(db, (transaction) => db.query<{ name: string }>("SELECT name FROM tenants ORDER BY name", { type: QueryTypes.SELECT, transaction }));
		expect(all.map((row) => row.name)).toEqual(["A school", "B school"]);
	});

	it("an INSERT carrying another tenant's id fails the policy", async () => {
		await expect(
			withTenant(db, tenantB, (transaction) => db.query("INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'student')", { bind: [tenantA, userA], transaction })),
		).rejects.toThrow(/row-level security/);
		expect(await withSystem(db, countMemberships)).toBe(1);
	});

	it("an UPDATE or DELETE aimed at another tenant's rows touches nothing", async () => {
		await withTenant(db, tenantB, async (transaction) => {
			await db.query("UPDATE memberships SET role = 'tenant_admin'", { transaction });
			await db.query("DELETE FROM memberships", { transaction });
		});
		expect(await one<{ role: string }>("SELECT role FROM memberships WHERE user_id = $1", [userA])).toEqual({ role: "teacher" });
	});

	it("joins an ambient transaction and puts back the previous role and tenant afterwards", async () => {
		await db.transaction(async (outer) => {
			expect(await withTenant(db, tenantB, countMemberships)).toBe(0);
			const [state] = await db.query<{ role: string; tenant: string | null }>("SELECT current_user AS role, current_setting('app.tenant_id', true) AS tenant", {
				type: QueryTypes.SELECT,
				transaction: outer,
			});
			expect(state?.role).not.toBe(APP_ROLE);
			expect(state?.tenant ?? "").toBe("");
			await withTenant(db, tenantA, async () => {
				expect(await withTenant(db, tenantB, countMemberships)).toBe(0);
				expect(await countMemberships(outer)).toBe(1);
			});
		});
	});

	it("puts the role back after the callback throws inside someone's transaction, which goes on", async () => {
		const after = await db.transaction(async (outer) => {
			await expect(withTenant(db, tenantB, async () => Promise.reject(new Error("not found")))).rejects.toThrow("not found");
			return countMemberships(outer);
		});
		expect(after).toBe(1);
	});

	it("the app role without a tenant set sees nothing (fails closed) instead of erroring", async () => {
		const rows = await db.transaction(async (transaction) => {
			await db.query(`SET LOCAL ROLE ${APP_ROLE}`, { transaction });
			return countMemberships(transaction);
		});
		expect(rows).toBe(0);
	});

	it("refuses a tenant id that is not a uuid", async () => {
		await expect(withTenant(db, "' OR 1=1 --", countMemberships)).rejects.toThrow(/uuid/);
	});
});

describe("production shape: a login role that owns no table", () => {
	const login = `tbx_service_${Math.random().toString(36).slice(2, 10)}`;
	let service: Sequelize;
	beforeAll(async () => {
		await db.query(`CREATE ROLE ${login} LOGIN`);
		await db.query(`GRANT ${APP_ROLE}, toolboxai_system TO ${login}`);
		const url = new URL(database.url);
		url.username = login;
		service = createSequelize({ url: url.toString(), poolMax: 2, logger });
	});
	afterAll(async () => {
		await service?.close();
		await db.query(`DROP OWNED BY ${login}`);
		await db.query(`DROP ROLE IF EXISTS ${login}`);
	});

	it("sees no tenant-owned row outside a scope (fails closed), its tenant's rows in withTenant, all in withSystem", async () => {
		const bare = await service.query<{ n: number }>("SELECT count(*)::int AS n FROM memberships", { type: QueryTypes.SELECT });
		expect(bare[0]?.n).toBe(0);
		const count = (transaction: unknown) =>
			service.query<{ n: number }>("SELECT count(*)::int AS n FROM memberships", { type: QueryTypes.SELECT, transaction: transaction as never }).then((rows) => rows[0]?.n);
		expect(await withTenant(service, tenantA, count)).toBe(1);
		expect(await withTenant(service, tenantB, count)).toBe(0);
		expect(await withSystem(service, count)).toBeGreaterThanOrEqual(1);
	});

	it("created NOINHERIT (the stricter setup), it cannot even read a tenant table outside a scope", async () => {
		const strict = `${login}_ni`;
		await db.query(`CREATE ROLE ${strict} LOGIN NOINHERIT`);
		await db.query(`GRANT ${APP_ROLE}, toolboxai_system TO ${strict}`);
		const url = new URL(database.url);
		url.username = strict;
		const strictDb = createSequelize({ url: url.toString(), poolMax: 1, logger });
		try {
			await expect(strictDb.query("SELECT count(*) FROM memberships")).rejects.toThrow(/permission denied/);
			expect(
				await withTenant(strictDb, tenantA, (transaction) =>
					strictDb.query<{ n: number }>("SELECT count(*)::int AS n FROM memberships", { type: QueryTypes.SELECT, transaction }).then((rows) => rows[0]?.n),
				),
			).toBe(1);
		} finally {
			await strictDb.close();
			await db.query(`DROP OWNED BY ${strict}`);
			await db.query(`DROP ROLE ${strict}`);
		}
	});

	it("cannot change the tables' security: it owns none of them", async () => {
		await expect(service.query("ALTER TABLE memberships DISABLE ROW LEVEL SECURITY")).rejects.toThrow(/must be owner/);
	});
});
