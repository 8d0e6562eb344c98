import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { QueryTypes } from "sequelize";
import { captureLogger } from "../../../db/__tests__/silent-logger";
import { createTempDatabase, type TempDatabase } from "../../../db/__tests__/temp-database";
import { createSequelize } from "../../../db/sequelize";

const run = promisify(execFile);
const SERVER_ROOT = path.resolve(__dirname, "../../../..");
let database: TempDatabase;
let dataDir: string;

beforeAll(async () => {
	database = await createTempDatabase("auth_rotate_cli");
	dataDir = mkdtempSync(path.join(tmpdir(), "tbx-rotate-"));
});

afterAll(async () => {
	await database.drop();
	rmSync(dataDir, { recursive: true, force: true });
});

function rotate() {
	// What `npm run keys:rotate` runs (server/package.json), without npm in between.
	return run(process.execPath, ["--conditions=source", "--import", "tsx", "src/modules/auth/keys/rotate-cli.ts"], {
		cwd: SERVER_ROOT,
		env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "test", DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: "warn" },
		timeout: 60_000,
	});
}

test("npm run keys:rotate makes a new current key and keeps the old one as previous", async () => {
	const first = await rotate();
	const firstKid = /New current signing key: (k_\S+)/.exec(first.stdout)?.[1];
	expect(firstKid).toBeDefined();
	const second = await rotate();
	const secondKid = /New current signing key: (k_\S+)/.exec(second.stdout)?.[1];
	expect(secondKid).toBeDefined();
	expect(secondKid).not.toBe(firstKid);
	// Without SECRETS_KEY the master key file was made under the data dir, readable by the owner only.
	expect(statSync(path.join(dataDir, "secrets", "master.key")).mode & 0o777).toBe(0o600);

	const { logger } = captureLogger();
	const db = createSequelize({ url: database.url, poolMax: 1, logger });
	try {
		const rows = await db.query<{ kid: string; status: string }>("SELECT kid, status FROM auth_signing_keys ORDER BY created_at", { type: QueryTypes.SELECT });
		expect(rows).toEqual([
			{ kid: firstKid, status: "previous" },
			{ kid: secondKid, status: "current" },
		]);
	} finally {
		await db.close();
	}
}, 120_000);
