/**
 * Prometheus metrics: one registry, its families, and the two ways to expose it (a token-guarded /metrics on the
 * main port, a separate listener). Instrumented code calls the small functions below; nothing here imports the domain.
 */
export { metricsRegistry, METRIC_PREFIX, counter, gauge, histogram } from "./registry";
export { httpMetrics, noteErrorCode, routeTemplateOf } from "./http-metrics";
export { countJobQueued, jobAttemptStarted, type JobAttemptOutcome } from "./job-metrics";
export { countOpenCloudRequest, observeOpenCloudLimiterWait } from "./open-cloud-metrics";
export { countProgressEvents, setAggregationLagSource, type PendingAgeSource } from "./progress-metrics";
export { observeDbPool } from "./db-pool-metrics";
export { recordBuildInfo } from "./build-info";
export { countOutboundSend, recordBackupSucceeded, type OutboundChannel } from "./outbound-metrics";
export { countDeploymentFinished } from "./deployment-metrics";
export { METRICS_PATH, scrape, startMetricsListener, bearerMatches, type HealthProbes, type MetricsListenerOptions } from "./exposure";
export { metricsRoute } from "./metrics-route";
