import { shedLoad } from "./http/shed-load";
import express, { type Express, type RequestHandler } from "express";
import type { Logger } from "pino";
import type { Config } from "./config/config";
import type { AppDependencies, AppModule } from "./http/app-module";
import { authenticate } from "./modules/auth";
import { errorMiddleware } from "./http/error-middleware";
import { compressReplies } from "./http/compress-replies";
import { createLifecycle, type Lifecycle } from "./http/lifecycle";
import { notFound } from "./http/not-found";
import { protocolHeader } from "./http/protocol-header";
import { RouteRegistry } from "./http/registry";
import type { AnyRouteDefinition } from "./http/route";
import { securityHeaders } from "./http/security-headers";
import type { Infrastructure } from "./infrastructure.types";
import { httpLogger } from "./logging/http-logger";
import { authModule } from "./modules/auth";
import { billingErrorsOfRoute, billingGate, billingModule } from "./modules/billing";
import { apiKeyAuthenticator } from "./modules/apikeys";
import { apiKeysModule } from "./modules/apikeys";
import { auditModule } from "./modules/audit";
import { backupsModule } from "./modules/backups";
import { classesModule } from "./modules/classes";
import { deploymentsModule } from "./modules/deployments";
import { deviceModule } from "./modules/device";
import { environmentsModule } from "./modules/environments";
import { dashboardModule } from "./platform/dashboard/routes";
import { healthModule } from "./platform/health/routes";
import { lessonsModule } from "./modules/lessons";
import { mailModule } from "./modules/mail";
import { metaModule } from "./platform/meta/routes";
import { overviewModule } from "./modules/overview";
import { SERVER_VERSION } from "./platform/meta/server-version";
import { tenancyModule } from "./modules/tenancy";
import { privacyModule } from "./modules/privacy";
import { progressModule } from "./modules/progress";
import { realtimeModule } from "./modules/realtime";
import { releasesModule } from "./modules/releases";
import { runtimeModule } from "./modules/runtime";
import { buildOpenApiDocument } from "./platform/openapi/document";
import { openApiRouter } from "./platform/openapi/routes";
import { httpMetrics, metricsRoute, recordBuildInfo } from "./observability/metrics";

/** The domain modules the service runs, in mount order. A new domain adds its module here. */
export const DEFAULT_MODULES: ReadonlyArray<AppModule> = [
	healthModule,
	metaModule,
	authModule,
	deviceModule,
	tenancyModule,
	apiKeysModule,
	auditModule,
	mailModule,
	lessonsModule,
	classesModule,
	runtimeModule,
	progressModule,
	environmentsModule,
	releasesModule,
	deploymentsModule,
	realtimeModule,
	billingModule,
	overviewModule,
	backupsModule,
	privacyModule,
	dashboardModule,
];

export interface CreateAppOptions {
	readonly config: Config;
	readonly logger: Logger;
	readonly infra: Infrastructure;
	/** Shared with main.ts, which drains it on SIGTERM; a fresh one (never draining) by default. */
	readonly lifecycle?: Lifecycle;
	readonly modules?: ReadonlyArray<AppModule>;
}

/** Defines every module's jobs on the queue: a web process needs them to validate what it enqueues, a worker to run them. */
export function defineModuleJobs(dependencies: AppDependencies, modules: ReadonlyArray<AppModule> = DEFAULT_MODULES): void {
	for (const module of modules) {
		for (const job of module.jobs?.(dependencies) ?? []) dependencies.infra.queue.define(job);
	}
}

const registries = new WeakMap<Express, RouteRegistry>();

/** The operations an app built by createApp serves: suites that must cover every route (cross-tenant) walk these. */
export function operationsOf(app: Express): ReadonlyArray<AnyRouteDefinition> {
	const registry = registries.get(app);
	if (registry === undefined) throw new Error("Not an app built by createApp");
	return registry.operations;
}

/** While draining, tell keep-alive clients to reconnect (to another instance) after this response. */
function closeConnectionsWhileDraining(lifecycle: Lifecycle): RequestHandler {
	return (_req, res, next) => {
		if (lifecycle.draining) res.setHeader("Connection", "close");
		next();
	};
}

/**
 * Composes the service: cross-cutting middleware, every module's operations and jobs, the docs, then 404
 * and errors. The caller starts the queue's workers once this returns (every job is defined by then).
 */
export function createApp(options: CreateAppOptions): Express {
	const { config, logger, infra } = options;
	const lifecycle = options.lifecycle ?? createLifecycle();
	const app = express();
	// Replies are dynamic JSON; ETags would cost a hash per response for no cache that uses them.
	app.set("etag", false);
	app.disable("x-powered-by");
	// Behind N proxies, req.ip is the client's address (per-IP sign-in limits, audit); 0 trusts no header.
	app.set("trust proxy", config.trustProxyHops ?? 0);

	recordBuildInfo(SERVER_VERSION);
	app.use(httpMetrics());
	app.use(httpLogger(logger));
	app.use(protocolHeader());
	app.use(securityHeaders(config.publicUrl));
	app.use(closeConnectionsWhileDraining(lifecycle));
	// Past capacity, refuse some API requests at once (503 + Retry-After) rather than queue them all (production default).
	if (config.overload !== undefined) app.use(shedLoad(config.overload, infra.db).handler);
	// Replies above a size threshold compressed when the client accepts it; never those that carry a secret.
	app.use(compressReplies());

	if (config.metrics?.token !== undefined) app.use(metricsRoute(config.metrics.token));

	const registry = new RouteRegistry(billingErrorsOfRoute);
	const dependencies = { config, logger, infra, lifecycle };
	const modules = options.modules ?? DEFAULT_MODULES;
	for (const module of modules) registry.add(module.routes(dependencies));
	defineModuleJobs(dependencies, modules);
	const router = express.Router();
	// One per app: the per-key rate-limit counters live with it.
	const authenticateApiKey = apiKeyAuthenticator(dependencies);
	registry.mount(router, {
		maxBodyBytes: config.maxBodyBytes,
		validateResponses: config.nodeEnv !== "production",
		// Billing's standing applies after the caller is known (read-only schools, the game past its grace period).
		authenticate: (access) => [authenticate(dependencies, access, { authenticateApiKey }), billingGate(dependencies, access)],
	});
	app.use(router);
	registries.set(app, registry);
	app.use(openApiRouter(buildOpenApiDocument(registry, { serverVersion: SERVER_VERSION, publicUrl: config.publicUrl })));
	for (const module of modules) {
		const handler = module.handler?.(dependencies);
		if (handler !== undefined) app.use(handler);
	}

	app.use(notFound());
	app.use(errorMiddleware());
	return app;
}
