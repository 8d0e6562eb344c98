import type { Readiness } from "@toolboxai/shared";
import type { Logger } from "pino";
import type { Infrastructure } from "../../infrastructure.types";
import type { Lifecycle } from "../../http/lifecycle";

/** A dependency that takes longer than this to answer counts as down: a load balancer's probe must not hang. */
const CHECK_TIMEOUT_MS = 2000;

async function probe(name: string, check: () => Promise<void>, logger: Logger): Promise<"ok" | "failed"> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_resolve, reject) => {
		timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
	});
	try {
		await Promise.race([check(), timeout]);
		return "ok";
	} catch (error) {
		logger.warn({ err: error, check: name }, `readiness: ${name} failed`);
		return "failed";
	} finally {
		clearTimeout(timer);
	}
}

/** Readiness: the database and the job queue answer, and the process is not draining for shutdown. */
export async function checkReadiness(options: { infra: Infrastructure; lifecycle: Lifecycle; logger: Logger }): Promise<Readiness> {
	const { infra, lifecycle, logger } = options;
	const [database, queue] = await Promise.all([probe("database", () => infra.pingDatabase(), logger), probe("queue", () => infra.queue.ping(), logger)]);
	// While draining we still report each dependency, but the answer is "failed" so the balancer stops sending work.
	const status = database === "ok" && queue === "ok" && !lifecycle.draining ? "ok" : "failed";
	return lifecycle.draining ? { status, checks: { database, queue }, draining: true } : { status, checks: { database, queue } };
}
