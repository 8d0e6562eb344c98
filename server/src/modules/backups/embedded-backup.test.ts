/**
 * Backups of the embedded default, end to end in a child process (PGlite crashes inside Jest workers): the running
 * service takes the backup when asked (it holds the data dir), with PGlite's own dump; the backup restores into an
 * empty data dir the service then starts on, and the restore check loads it in memory.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const SCRIPT = path.join(__dirname, "__fixtures__", "embedded-backup-run.ts");
const SERVER_DIR = path.resolve(__dirname, "..", "..", "..");
jest.setTimeout(240_000);

let workDir: string;
beforeAll(() => {
	workDir = fs.mkdtempSync(path.join(os.tmpdir(), "tbx-embedded-backup-"));
});
afterAll(() => {
	fs.rmSync(workDir, { recursive: true, force: true });
});

test("npm run backup's trigger, PGlite's dump, a restore into an empty data dir, and the in-memory restore check", async () => {
	const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", SCRIPT, workDir], {
		cwd: SERVER_DIR,
		env: { ...process.env, DATABASE_URL: "", REDIS_URL: "" },
		stdio: ["ignore", "pipe", "pipe"],
	});
	let stdout = "";
	let stderr = "";
	child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
	const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
	expect({ code, failure: stderr.split("\n").filter((line) => line.startsWith("RUN FAILED")) }).toEqual({ code: 0, failure: [] });
	expect(JSON.parse(stdout)).toEqual({
		locked: true,
		refused: 403,
		format: "pglite_datadir_tgz",
		trigger: "command",
		notes: ["written before the backup"],
		verified: true,
		verifiedId: true,
	});
	// The kept backup is encrypted: the marker's words are not in it.
	const [id] = fs.readdirSync(path.join(workDir, "kept", "backups"));
	const dump = fs.readFileSync(path.join(workDir, "kept", "backups", id as string, "dump.enc"));
	expect(dump.subarray(0, 8).toString("ascii")).toBe("TBXBAK01");
	expect(dump.includes(Buffer.from("written before the backup"))).toBe(false);
	expect(fs.statSync(path.join(workDir, "a", "secrets", "backup-trigger.token")).mode & 0o777).toBe(0o600);
});
