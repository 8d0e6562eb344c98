import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import lockfile from "proper-lockfile";
import type { Logger } from "pino";
import { FINGERPRINT_FILE, inputsFingerprint, isDashboardStale } from "./build-fingerprint";
import { DASHBOARD_DIR, DASHBOARD_DIST, findViteBin } from "./dashboard-paths";

/** A build takes about a second on an idle machine; this bound only catches a hung child. */
const BUILD_TIMEOUT_MS = 120_000;
/** Several services starting at once (parallel test runs) build once: the others wait, then find dist fresh. */
const LOCK_OPTIONS = { lockfilePath: path.join(DASHBOARD_DIR, ".build.lock"), stale: 30_000, retries: { retries: 240, minTimeout: 250, maxTimeout: 500 } };

function runVite(viteBin: string, outDir: string, logger: Logger): Promise<void> {
	return new Promise((resolve, reject) => {
		// A child process: the build's CPU work stays off the event loop that answers /healthz and the API.
		const child = spawn(process.execPath, [viteBin, "build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"], {
			cwd: DASHBOARD_DIR,
			env: { ...process.env, NODE_ENV: "production" },
			stdio: ["ignore", "pipe", "pipe"],
		});
		let output = "";
		const collect = (chunk: Buffer) => {
			output = (output + chunk.toString("utf8")).slice(-4000);
		};
		child.stdout.on("data", collect);
		child.stderr.on("data", collect);
		const timer = setTimeout(() => child.kill("SIGKILL"), BUILD_TIMEOUT_MS);
		child.on("error", (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on("exit", (code, signal) => {
			clearTimeout(timer);
			if (code === 0) {
				if (output.trim() !== "") logger.warn({ output }, "dashboard build warnings");
				resolve();
			} else reject(new Error(`vite build failed (${signal ?? `exit ${code}`}): ${output.trim()}`));
		});
	});
}

/**
 * Builds server/dashboard into dist/ when dist is missing or older than its sources (the `npm start` path;
 * production serves what `npm run build` made). Builds into a fresh folder and swaps it in, so a running
 * service never serves a half-written dist. Resolves to false when Vite is not installed.
 */
export async function buildDashboardIfStale(logger: Logger): Promise<boolean> {
	const viteBin = findViteBin();
	if (viteBin === undefined) return false;
	const release = await lockfile.lock(DASHBOARD_DIR, LOCK_OPTIONS);
	try {
		if (!isDashboardStale()) return true;
		const fingerprint = inputsFingerprint();
		const started = Date.now();
		const staging = path.join(DASHBOARD_DIR, `dist-${process.pid}-${randomBytes(4).toString("hex")}`);
		try {
			await runVite(viteBin, staging, logger);
			writeFileSync(path.join(staging, FINGERPRINT_FILE), `${fingerprint}\n`);
			const old = `${staging}-old`;
			if (existsSync(DASHBOARD_DIST)) renameSync(DASHBOARD_DIST, old);
			renameSync(staging, DASHBOARD_DIST);
			rmSync(old, { recursive: true, force: true });
		} finally {
			rmSync(staging, { recursive: true, force: true });
		}
		logger.info({ ms: Date.now() - started }, "dashboard built");
		return true;
	} finally {
		await release();
	}
}
