/**
 * ROLE=worker: runs the jobs and schedules, serves no HTTP API. Its only listener is METRICS_PORT, which then also
 * answers /healthz and /readyz (the database and Redis answer, not draining). SIGTERM stops taking jobs, lets running
 * ones finish (SHUTDOWN_TIMEOUT_MS; a job still running then goes back to Redis for another worker) and exits.
 */
import type { Server } from "node:http";
import { defineModuleJobs } from "./app";
import { startBackgroundWork } from "./background-work";
import type { AppDependencies } from "./http/app-module";
import { checkReadiness } from "./platform/health/check-readiness";
import { serveMetrics } from "./serve-metrics";
import { onShutdownSignals } from "./shutdown-signals";

export async function runWorker(deps: AppDependencies): Promise<void> {
	const { config, logger, infra, lifecycle } = deps;
	defineModuleJobs(deps);
	const stops = await startBackgroundWork(deps);
	let surface: Server | undefined;
	try {
		surface = await serveMetrics(config, logger, {
			ready: async () => {
				const readiness = await checkReadiness({ infra, lifecycle, logger });
				return { ok: readiness.status === "ok", body: readiness };
			},
		});
	} catch (error) {
		for (const stop of stops) stop();
		await infra.close().catch(() => undefined);
		throw error;
	}
	if (surface === undefined) logger.warn("ROLE=worker without METRICS_PORT: no /healthz, /readyz or /metrics for this worker");
	logger.info({ queue: infra.queue.driver }, "ToolBoxAI worker running: jobs and schedules, no HTTP API");
	onShutdownSignals(logger, config.shutdownTimeoutMs, async (signal) => {
		logger.info({ signal, timeoutMs: config.shutdownTimeoutMs }, `shutdown: ${signal} received; no new jobs, readiness fails, waiting for running jobs`);
		lifecycle.beginDrain();
		for (const stop of stops) stop();
		// The probes keep answering (not ready, draining) while running jobs finish.
		await infra.close();
		logger.info("shutdown: infrastructure closed");
		surface?.close();
	});
}
