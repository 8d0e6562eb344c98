import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { QueryTypes } from "sequelize";
import type { AppDependencies } from "../../http/app-module";
import { withSystem } from "../../db/tenant-scope";
import { createSchool } from "./signup/create-school";

type Deps = Pick<AppDependencies, "config" | "infra" | "logger">;

export interface DemoSignIn {
	readonly email: string;
	readonly password: string;
	readonly school: string;
}

export const DEMO_EMAIL = "admin@demo-school.example";
const DEMO_SCHOOL = "Demo School";

/** Where the embedded default keeps the demo sign-in: readable by this user only, like the other local secrets. */
export function demoSignInFile(dataDir: string): string {
	return path.join(dataDir, "secrets", "demo-sign-in.json");
}

/**
 * The embedded default's first run: a demo school and its admin with a random password, so `npm start` can be
 * tried at once. Only on the embedded database, and only while it has no school yet (never over real data).
 * Answers the sign-in to print, or undefined when there is no demo school.
 */
export async function seedDemoSchool(deps: Deps): Promise<DemoSignIn | undefined> {
	if (deps.infra.databaseDriver !== "embedded") return undefined;
	const file = demoSignInFile(deps.config.dataDir);
	if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as DemoSignIn;
	const db = deps.infra.db;
	const [row] = await withSystem(db, (transaction) => db.query<{ schools: string }>("SELECT count(*) AS schools FROM tenants", { type: QueryTypes.SELECT, transaction }));
	if (Number(row?.schools ?? 0) > 0) return undefined;
	const demo: DemoSignIn = { email: DEMO_EMAIL, password: randomBytes(12).toString("base64url"), school: DEMO_SCHOOL };
	await createSchool(deps, { organizationName: demo.school, email: demo.email, password: demo.password, displayName: "Demo Admin", origin: {} });
	fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
	fs.writeFileSync(file, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
	deps.logger.info({ school: demo.school, email: demo.email }, "embedded default: demo school created");
	return demo;
}
