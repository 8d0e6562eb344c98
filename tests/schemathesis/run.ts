/**
 * Schemathesis against the live service: `npm start` on the test Postgres and Redis (tests/browser/support/service.ts),
 * with Roblox Open Cloud played by the local fake (so a key check meets a Roblox that answers, as in production),
 * a seeded school admin, then two passes over /openapi.json with the checks that say the service keeps its own
 * spec: one signed in as the admin, one without credentials. Exit code: non-zero when either pass finds a failure.
 *
 *   bash tests/env/schemathesis.sh && npx tsx tests/schemathesis/run.ts
 *
 * Bounded to about two minutes: few examples per operation (SCHEMATHESIS_MAX_EXAMPLES for the signed-in pass, half as
 * many without credentials, where most answers are the same 401), a fixed seed by default (SCHEMATHESIS_SEED; set
 * another to explore), two workers (the machine has two cores). Each pass prints its time.
 */
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createInterface } from "node:readline";
import { homedir } from "node:os";
import path from "node:path";
import { FakeOpenCloud } from "../../server/src/integrations/open-cloud/__tests__/fake-open-cloud";
import { ROOT, startService, type Service } from "../browser/support/service";
import { seedSchoolAdmin } from "./seed";

const ST = path.join(process.env.TOOLBOXAI_SCHEMATHESIS_VENV ?? path.join(homedir(), ".cache/toolboxai/schemathesis-venv"), "bin/st");
const CHECKS = ["not_a_server_error", "status_code_conformance", "content_type_conformance", "response_schema_conformance"];
/** Operations that end the caller's own session: after one of them every later request would be unauthenticated. */
const ENDS_OWN_SESSION = ["logout", "endAllMySessions"];
const MAX_EXAMPLES = Number(process.env.SCHEMATHESIS_MAX_EXAMPLES ?? "8");
const SEED = process.env.SCHEMATHESIS_SEED ?? "20261207";
/** Reports and schemathesis' own cache stay out of the work tree. */
const WORK_DIR = path.join(ROOT, ".tmp/schemathesis");

function log(message: string): void {
	process.stdout.write(`schemathesis: ${message}\n`);
}

function runSchemathesis(service: Service, name: string, maxExamples: number, extra: string[]): Promise<number> {
	const args = [
		"run",
		`${service.url}/openapi.json`,
		"--url",
		service.url,
		"--checks",
		CHECKS.join(","),
		"--max-examples",
		String(maxExamples),
		"--seed",
		SEED,
		"--workers",
		"2",
		"--generation-database",
		"none",
		"--request-timeout",
		"15",
		"--no-color",
		"--report",
		"junit",
		"--report-junit-path",
		path.join(WORK_DIR, `${name}.junit.xml`),
		...ENDS_OWN_SESSION.flatMap((operationId) => ["--exclude-operation-id", operationId]),
		...extra,
	];
	return new Promise((resolve, reject) => {
		const child = spawn(ST, args, { cwd: WORK_DIR, stdio: ["ignore", "pipe", "inherit"] });
		// Schemathesis closes with pytest-style banners ("=== 3 warnings in 19.1s ==="); CI reads such a line as a
		// pytest run that executed no test, so they become section lines. Everything else passes through as is.
		createInterface({ input: child.stdout }).on("line", (line) => {
			process.stdout.write(`${line.replace(/^=+ (.*?) =+$/, "--- $1")}\n`);
		});
		child.once("error", reject);
		child.once("close", (code) => resolve(code ?? 1));
	});
}

async function main(): Promise<number> {
	const started = Date.now();
	mkdirSync(WORK_DIR, { recursive: true });
	// No key the generated data holds is one the fake accepts: key checks answer 422, as Roblox would.
	const openCloud = await new FakeOpenCloud({ apiKey: "schemathesis-never-generates-this-key" }).start();
	const service = await startService("schemathesis", { env: { ROBLOX_OPEN_CLOUD_URL: openCloud.url } }).catch(async (error: unknown) => {
		await openCloud.close();
		throw error;
	});
	try {
		log(`service at ${service.url} (healthy after ${service.healthyAfterMs} ms)`);
		const admin = await seedSchoolAdmin(service);
		const passes: Array<{ name: string; report: string; maxExamples: number; extra: string[] }> = [
			{ name: "signed in as a school admin", report: "admin", maxExamples: MAX_EXAMPLES, extra: ["--header", `Authorization: Bearer ${admin.accessToken}`] },
			{ name: "without credentials", report: "anonymous", maxExamples: Math.max(1, Math.round(MAX_EXAMPLES / 2)), extra: [] },
		];
		const failed: string[] = [];
		for (const [index, { name, report, maxExamples, extra }] of passes.entries()) {
			const passStarted = Date.now();
			log(`pass ${index + 1}: ${name}, at most ${maxExamples} examples per operation`);
			const code = await runSchemathesis(service, report, maxExamples, extra);
			log(`pass ${index + 1} (${name}): ${code === 0 ? "no failures" : `exit ${code}`} in ${((Date.now() - passStarted) / 1000).toFixed(1)} s`);
			if (code !== 0) failed.push(name);
		}
		log(`${failed.length === 0 ? "0 failures" : `failures in: ${failed.join("; ")}`}; ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
		return failed.length === 0 ? 0 : 1;
	} catch (error) {
		process.stderr.write(`${(error as Error).stack ?? String(error)}\n${service.output().slice(-4000)}\n`);
		return 1;
	} finally {
		await service.stop();
		await openCloud.close();
	}
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
		process.exit(1);
	},
);
