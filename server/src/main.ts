/**
 * Starts the service: settings, infrastructure (embedded or real), HTTP; drains and closes on SIGTERM/SIGINT.
 * `npm start` runs this with tsx; the build runs dist/main.js.
 */
import type { Logger } from "pino";
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
import { startOutboxSweeper } from "./jobs/outbox-sweeper";
import { createLogger, exitAfterFlush } from "./logging/logger";
import { seedDemoSchool } from "./modules/tenancy";
import { announce, portInUseMessage } from "./startup-messages";
import { startMetricsListener } from "./observability/metrics";

/** Behind a load balancer, idle keep-alive must outlast the balancer's own (60 s on common ones) or requests get reset. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** Time for infra.close() after the drain, before a stuck shutdown is cut short. */
const HARD_EXIT_GRACE_MS = 15_000;

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

/** The separate metrics listener, when METRICS_PORT is set. */
async function serveMetrics(config: Config, logger: Logger): Promise<Server | undefined> {
	const metrics = config.metrics;
	if (metrics?.port === undefined) return undefined;
	try {
		const { server, address } = await startMetricsListener({ port: metrics.port, host: metrics.host, ...(metrics.token === undefined ? {} : { token: metrics.token }) });
		const guarded = metrics.token === undefined ? "" : " (bearer token required)";
		logger.info({ host: address.address, port: address.port }, `metrics on http://${metrics.host}:${address.port}/metrics${guarded}`);
		const loopback = metrics.host === "127.0.0.1" || metrics.host === "::1" || metrics.host === "localhost";
		if (!loopback && metrics.token === undefined) {
			logger.warn({ host: metrics.host }, "metrics: the listener is reachable beyond this host without a token; keep METRICS_PORT off the public network or set METRICS_TOKEN");
		}
		return server;
	} catch (error) {
		throw new Error(`metrics listener on ${metrics.host}:${metrics.port}: ${(error as Error).message}`, { cause: error });
	}
}

async function main(): Promise<void> {
	const config = readConfig();
	await checkPortFree(config).catch((error: unknown) => {
		if (isPortInUse(error)) stopForBusyPort(config);
		throw error;
	});
	const logger = createLogger(config);
	process.on("uncaughtException", (error) => {
		logger.fatal({ err: error }, "uncaught exception; exiting");
		exitAfterFlush(logger, 1);
	});
	process.on("unhandledRejection", (error) => logger.error({ err: error }, "unhandled promise rejection"));

	const infra = await startInfrastructure(config, logger);
	const lifecycle = createLifecycle();
	const server = createServer(createApp({ config, logger, infra, lifecycle }));
	const demo = await seedDemoSchool({ config, logger, infra });
	// This process also runs the job workers (the embedded default needs it; a worker-only process type can come later).
	await infra.queue.start();
	const stopModules = DEFAULT_MODULES.map((module) => module.start?.({ config, logger, infra, lifecycle })).filter((stop) => stop !== undefined);
	// Jobs written to the outbox whose relay a crash cut short (jobs/outbox.ts).
	stopModules.push(startOutboxSweeper({ db: infra.db, queue: infra.queue, logger: logger.child({ component: "outbox" }) }));
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

	let signals = 0;
	const onSignal = (signal: NodeJS.Signals) => {
		signals++;
		// Ctrl+C reaches npm, tsx and us as one process group, and tsx relays it too: a repeat is not an order to hurry.
		if (signals === 2) return logger.info({ signal }, "shutdown: already shutting down");
		if (signals > 2) {
			logger.warn({ signal }, "shutdown: signalled again while shutting down; exiting now");
			return exitAfterFlush(logger, 1);
		}
		// Should the drain or infra.close() hang past its own bounds, the process still ends.
		setTimeout(() => {
			logger.error("shutdown: did not finish in time; exiting");
			exitAfterFlush(logger, 1);
		}, config.shutdownTimeoutMs + HARD_EXIT_GRACE_MS).unref();
		for (const stop of stopModules) stop();
		// Scrapes during the drain would only race the shutdown; the scraper marks the target down, as it should.
		metricsServer?.close();
		gracefulShutdown(`${signal} received`, { server, lifecycle, infra, logger, timeoutMs: config.shutdownTimeoutMs, connections })
			.then(() => {
				logger.info("shutdown: complete; exiting");
				exitAfterFlush(logger, 0);
			})
			.catch((error: unknown) => {
				logger.error({ err: error }, "shutdown: closing the infrastructure failed");
				exitAfterFlush(logger, 1);
			});
	};
	process.on("SIGTERM", onSignal);
	process.on("SIGINT", onSignal);
}

main().catch((error: unknown) => {
	// Startup failed after settings were read (e.g. the database refused us): say why, without a stack for known causes.
	process.stderr.write(`Cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
	if (process.env.LOG_LEVEL === "debug" || process.env.LOG_LEVEL === "trace") console.error(error);
	process.exit(1);
});
