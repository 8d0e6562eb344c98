import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "@toolboxai/shared/node";
import { Meta } from "@toolboxai/shared";
import type { AppDependencies } from "../../http/app-module";
import { demoSignInHint } from "./demo-sign-in-hint";
import { getMeta } from "./get-meta";

let dataDir: string;
beforeEach(() => {
	dataDir = mkdtempSync(path.join(tmpdir(), "tbx-demo-hint-"));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function deps(nodeEnv: "development" | "production" | "test", databaseDriver: "embedded" | "postgres") {
	return { config: { nodeEnv, dataDir }, infra: { databaseDriver } } as unknown as Pick<AppDependencies, "config" | "infra">;
}

function seed(): void {
	mkdirSync(path.join(dataDir, "secrets"), { recursive: true });
	writeFileSync(path.join(dataDir, "secrets", "demo-sign-in.json"), JSON.stringify({ email: "admin@demo-school.example", password: "Secret-Pw-0123", school: "Demo School" }));
}

describe("the demo sign-in hint in /v1/meta", () => {
	it("names the demo school and its admin on the embedded default, never the password, once seeded", () => {
		const hint = demoSignInHint(deps("development", "embedded"));
		expect(hint()).toBeUndefined();
		seed();
		expect(hint()).toEqual({ school: "Demo School", email: "admin@demo-school.example" });
		const meta = getMeta({ demoSignIn: hint() });
		expect(parse(Meta, meta, { unknownKeys: "reject" }).ok).toBe(true);
		expect(JSON.stringify(meta)).not.toContain("Secret-Pw-0123");
	});

	it("is absent in production (ALLOW_EMBEDDED=true) and on a real database", () => {
		seed();
		expect(demoSignInHint(deps("production", "embedded"))()).toBeUndefined();
		expect(demoSignInHint(deps("development", "postgres"))()).toBeUndefined();
		expect(getMeta({ demoSignIn: undefined })).not.toHaveProperty("demoSignIn");
	});
});
