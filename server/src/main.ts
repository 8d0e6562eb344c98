/**
 * Starts the service: settings, infrastructure (embedded or real), then by ROLE: HTTP and jobs (the default), HTTP
 * only (web), or jobs and schedules only (worker, worker-process.ts); drains and closes on SIGTERM/SIGINT.
 * `npm start` runs this with tsx; the build runs dist/main.js.
 */
// First: tracing (when configured) must patch http, express, pg and ioredis before they load.
import "./tracing-setup";
import { createServer, type Server } from "node:http";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { createApp, DEFAULT_MODULES } from "./app";
import type { Config } from "./config/config";
import { ConfigError } from "./config/config-error";
import { loadConfig } from "./config/load-config";
import { answerClientErrorsAsJson } from "./http/client-error";
import { gracefulShutdown, trackConnections } from "./http/graceful-shutdown";
import { createLifecycle } from "./http/lifecycle";
import { startInfrastructure } from "./infrastructure";
import { wantsHumanLogs } from "./logging/human-output";
import { createLogger, exitAfterFlush } from "./logging/logger";
import { seedDemoSchool } from "./modules/tenancy";
import { announce, portInUseMessage } from "./startup-messages";
import { startBackgroundWork } from "./background-work";
import { serveMetrics } from "./serve-metrics";
import { onShutdownSignals } from "./shutdown-signals";
import { runWorker } from "./worker-process";

/** Behind a load balancer, idle keep-alive must outlast the balancer's own (60 s on common ones) or requests get reset. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

function readConfig(): Config {
	try {
		return loadConfig(process.env);
	} catch (error) {
		if (error instanceof ConfigError) {
			// For the operator: the message names each bad setting; a stack trace would only hide it.
			process.stderr.write(`${error.message}\n`);
			process.exit(1);
		}
		throw error;
	}
}

function isPortInUse(error: unknown): boolean {
	return (error as NodeJS.ErrnoException | undefined)?.code === "EADDRINUSE";
}

/**
 * Whether the port is free, asked before anything starts: a port another process holds then ends the start with
 * one line, before a database is opened or a job runs (PORT=0 always finds one).
 */
function checkPortFree(config: Config): Promise<void> {
	if (config.port === 0) return Promise.resolve();
	return new Promise((resolve, reject) => {
		const probe = createNetServer();
		probe.once("error", reject);
		probe.listen({ port: config.port, host: config.host, exclusive: true }, () => probe.close(() => resolve()));
	});
}

function stopForBusyPort(config: Config): never {
	process.stderr.write(`${portInUseMessage(config)}\n`);
	process.exit(1);
}

function listen(server: Server, config: Config): Promise<AddressInfo> {
	return new Promise((resolve, reject) => {
		server.once("error", reject);
		server.listen(config.port, config.host, () => {
			server.off("error", reject);
			resolve(server.address() as AddressInfo);
		});
	});
}

async function main(): Promise<void> {
	const config = readConfig();
	const role = config.role ?? "all";
	if (role !== "worker") {
		await checkPortFree(config).catch((error: unknown) => {
			if (isPortInUse(error)) stopForBusyPort(config);
			throw error;
		});
	}
	const logger = createLogger(config);
	process.on("uncaughtException", (error) => {
		logger.fatal({ err: error }, "uncaught exception; exiting");
		exitAfterFlush(logger, 1);
	});
	process.on("unhandledRejection", (error) => logger.error({ err: error }, "unhandled promise rejection"));
	if (config.tracing !== undefined) logger.info({ endpoint: new URL(config.tracing.endpoint).origin }, "traces: exported over OTLP/HTTP");

	const infra = await startInfrastructure(config, logger);
	const lifecycle = createLifecycle();
	const deps = { config, logger, infra, lifecycle };
	if (role === "worker") return runWorker(deps);
	const server = createServer(createApp(deps));
	const demo = await seedDemoSchool({ config, logger, infra });
	// The all-in-one default also runs the jobs and schedules (the embedded default needs it); ROLE=web leaves them to workers.
	const stopModules = role === "all" ? await startBackgroundWork(deps) : [];
	answerClientErrorsAsJson(server, logger);
	server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
	server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
	const connections = trackConnections(server);
	let metricsServer: Server | undefined;
	try {
		announce({ logger, config, human: wantsHumanLogs(config) }, await listen(server, config), demo);
	} catch (error) {
		// Taken between the check and now: stop the modules' timers first, so closing the database fails nothing.
		for (const stop of stopModules) stop();
		await infra.close().catch(() => undefined);
		if (isPortInUse(error)) stopForBusyPort(config);
		logger.fatal(`cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`);
		exitAfterFlush(logger, 1);
		return;
	}
	try {
		metricsServer = await serveMetrics(config, logger);
	} catch (error) {
		logger.fatal({ err: error }, `cannot listen: ${(error as Error).message}`);
		server.close();
		await infra.close();
		exitAfterFlush(logger, 1);
		return;
	}

	onShutdownSignals(logger, config.shutdownTimeoutMs, (signal) => {
		for (const stop of stopModules) stop();
		for (const module of DEFAULT_MODULES) module.beforeDrain?.(deps);
		// Scrapes during the drain would only race the shutdown; the scraper marks the target down, as it should.
		metricsServer?.close();
		return gracefulShutdown(`${signal} received`, { server, lifecycle, infra, logger, timeoutMs: config.shutdownTimeoutMs, connections });
	});
}

main().catch((error: unknown) => {
	// Startup failed after settings were read (e.g. the database refused us): say why, without a stack for known causes.
	process.stderr.write(`Cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
	if (process.env.LOG_LEVEL === "debug" || process.env.LOG_LEVEL === "trace") console.error(error);
	process.exit(1);
});
