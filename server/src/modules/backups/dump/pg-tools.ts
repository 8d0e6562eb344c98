/**
 * pg_dump and pg_restore of the server's own major version: an older pg_dump refuses a newer server, and an older
 * pg_restore cannot read a newer archive. BACKUP_PG_BIN_DIR names the folder; otherwise Debian's
 * /usr/lib/postgresql/<major>/bin when it exists, else whatever is on PATH. The version is checked either way.
 */
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export type PgTool = "pg_dump" | "pg_restore";

export class PgToolError extends Error {
	readonly code = "pg_tool";
}

/** "15.18 (Debian 15.18-0+deb12u1)" → 15; "9.6.24" → 9. */
export function majorOf(version: string): number {
	const match = /^(\d+)(?:\.(\d+))?/.exec(version.trim());
	if (match === null) throw new PgToolError(`Cannot read a Postgres version from "${version.slice(0, 60)}"`);
	return Number(match[1]);
}

export async function findPgTool(tool: PgTool, serverVersion: string, binDir?: string): Promise<string> {
	const serverMajor = majorOf(serverVersion);
	const debian = path.join("/usr/lib/postgresql", String(serverMajor), "bin", tool);
	const binary = binDir !== undefined ? path.join(binDir, tool) : fs.existsSync(debian) ? debian : tool;
	let output: string;
	try {
		output = (await run(binary, ["--version"])).stdout;
	} catch (error) {
		throw new PgToolError(
			`${tool} was not found (${binary}): install the Postgres ${serverMajor} client tools (Debian: postgresql-client-${serverMajor}) or set BACKUP_PG_BIN_DIR`,
			{ cause: error },
		);
	}
	const toolVersion = /\(PostgreSQL\)\s*(\S+)/.exec(output)?.[1] ?? output.trim();
	if (majorOf(toolVersion) !== serverMajor) {
		throw new PgToolError(
			`${binary} is version ${toolVersion.trim()} but the server is ${serverVersion}: use the client tools of the server's major version (${serverMajor}), e.g. BACKUP_PG_BIN_DIR=/usr/lib/postgresql/${serverMajor}/bin`,
		);
	}
	return binary;
}

/** libpq reads the connection from the URL given as --dbname; the password never appears in the process list. */
export function connectionEnv(url: string): NodeJS.ProcessEnv {
	const parsed = new URL(url);
	const env: NodeJS.ProcessEnv = { ...process.env };
	if (parsed.password !== "") env.PGPASSWORD = decodeURIComponent(parsed.password);
	return env;
}

export function withoutPassword(url: string): string {
	const parsed = new URL(url);
	parsed.password = "";
	return parsed.toString();
}

/** Runs a tool, streaming its stdout to `onStdout` (when given); rejects with its last stderr lines on a non-zero exit. */
export function runPgTool(binary: string, args: string[], url: string, stdout?: NodeJS.WritableStream): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(binary, args, { env: connectionEnv(url), stdio: ["ignore", stdout === undefined ? "ignore" : "pipe", "pipe"] });
		let stderr = "";
		child.stderr?.on("data", (chunk: Buffer) => {
			stderr = (stderr + chunk.toString("utf8")).slice(-4000);
		});
		if (stdout !== undefined && child.stdout !== null) child.stdout.pipe(stdout, { end: false });
		child.once("error", reject);
		child.once("close", (code) => {
			if (code === 0) resolve();
			else reject(new PgToolError(`${path.basename(binary)} failed (exit ${code}): ${stderr.trim().split("\n").slice(-5).join(" | ")}`));
		});
	});
}
