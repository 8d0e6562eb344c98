import type { Server } from "node:http";
import type { Logger } from "pino";
import type { Config } from "./config/config";
import { type HealthProbes, startMetricsListener } from "./observability/metrics";

/** The separate metrics listener, when METRICS_PORT is set (with the health probes for a process without the HTTP API). */
export async function serveMetrics(config: Config, logger: Logger, health?: HealthProbes): Promise<Server | undefined> {
	const metrics = config.metrics;
	if (metrics?.port === undefined) return undefined;
	try {
		const { server, address } = await startMetricsListener({
			port: metrics.port,
			host: metrics.host,
			...(metrics.token === undefined ? {} : { token: metrics.token }),
			...(health === undefined ? {} : { health }),
		});
		const guarded = metrics.token === undefined ? "" : " (bearer token required)";
		const probes = health === undefined ? "" : ", /healthz and /readyz";
		logger.info({ host: address.address, port: address.port }, `metrics on http://${metrics.host}:${address.port}/metrics${guarded}${probes}`);
		const loopback = metrics.host === "127.0.0.1" || metrics.host === "::1" || metrics.host === "localhost";
		if (!loopback && metrics.token === undefined) {
			logger.warn({ host: metrics.host }, "metrics: the listener is reachable beyond this host without a token; keep METRICS_PORT off the public network or set METRICS_TOKEN");
		}
		return server;
	} catch (error) {
		throw new Error(`metrics listener on ${metrics.host}:${metrics.port}: ${(error as Error).message}`, { cause: error });
	}
}
