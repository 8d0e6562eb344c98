/**
 * Starts the service: settings, infrastructure (embedded or real), HTTP; drains and closes on SIGTERM/SIGINT.
 * `npm start` runs this with tsx; the build runs dist/main.js.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { createApp } from "./app";
import type { Config } from "./config/config";
import { ConfigError } from "./config/config-error";
import { embeddedParts } from "./config/embedded-parts";
import { loadConfig } from "./config/load-config";
import { gracefulShutdown, trackInFlight } from "./http/graceful-shutdown";
import { createLifecycle } from "./http/lifecycle";
import { startInfrastructure } from "./infrastructure";
import { createLogger } from "./logging/logger";

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

function listen(server: Server, config: Config): Promise<AddressInfo> {
	return new Promise((resolve, reject) => {
		server.once("error", reject);
		server.listen(config.port, config.host, () => {
			server.off("error", reject);
			resolve(server.address() as AddressInfo);
		});
	});
}

function announce(logger: Logger, config: Config, address: AddressInfo): void {
	// PORT=0 picks a free port: the configured URL cannot know it, the bound address does.
	const url = config.port === 0 ? `http://localhost:${address.port}` : config.publicUrl;
	logger.info({ url, host: address.address, port: address.port }, `ToolBoxAI server listening on ${url} (API docs: ${url}/docs)`);
	const embedded = embeddedParts(config);
	if (embedded.length > 0) {
		const parts = embedded.map((p) => `${p.name} is ${p.description} (set ${p.setting} for the real thing)`).join("; ");
		logger.info({ embedded: embedded.map((p) => p.setting) }, `running on embedded parts: ${parts}`);
	}
}

async function main(): Promise<void> {
	const config = readConfig();
	const logger = createLogger(config);
	process.on("uncaughtException", (error) => {
		logger.fatal({ err: error }, "uncaught exception; exiting");
		process.exit(1);
	});
	process.on("unhandledRejection", (error) => logger.error({ err: error }, "unhandled promise rejection"));

	const infra = await startInfrastructure(config, logger);
	const lifecycle = createLifecycle();
	const server = createServer(createApp({ config, logger, infra, lifecycle }));
	server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
	server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
	const inFlight = trackInFlight(server);
	try {
		announce(logger, config, await listen(server, config));
	} catch (error) {
		logger.fatal({ err: error }, `cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`);
		await infra.close();
		process.exit(1);
	}

	let shuttingDown = false;
	const onSignal = (signal: NodeJS.Signals) => {
		if (shuttingDown) {
			logger.warn({ signal }, "shutdown: second signal while shutting down; exiting now");
			process.exit(1);
		}
		shuttingDown = true;
		gracefulShutdown(`${signal} received`, { server, lifecycle, infra, logger, timeoutMs: config.shutdownTimeoutMs, inFlight })
			.then(() => {
				logger.info("shutdown: complete; exiting");
				process.exit(0);
			})
			.catch((error: unknown) => {
				logger.error({ err: error }, "shutdown: closing the infrastructure failed");
				process.exit(1);
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
