import { existsSync } from "node:fs";
import path from "node:path";
import type { AppDependencies, AppModule } from "../../http/app-module";
import { isDashboardStale } from "./build-fingerprint";
import { buildDashboardIfStale } from "./build-dashboard";
import { DASHBOARD_DIST } from "./dashboard-paths";
import { serveDashboard } from "./serve-dashboard";

/**
 * How dist/ gets ready:
 * - production serves what `npm run build` made and never builds (the image may not even have Vite);
 * - otherwise (`npm start`, tests) dist is rebuilt when missing or older than its sources. `npm start` starts
 *   that build at once, in a child process, so /healthz answers while it runs and pages wait for it; in tests
 *   it starts on the first dashboard request only, so API test files never pay for it.
 * Building beats Vite's dev-server middleware here: a build takes about a second, the service then serves the
 * exact files production serves under the same strict CSP (the dev server needs inline scripts and a websocket
 * for hot reload), and nothing in the request path depends on Vite.
 */
function dashboardReadiness({ config, logger }: AppDependencies): () => Promise<void> {
	if (config.nodeEnv === "production") {
		const built = existsSync(path.join(DASHBOARD_DIST, "index.html"));
		if (!built) logger.warn({ dist: DASHBOARD_DIST }, "the dashboard is not built (run `npm run build`); its pages answer 503");
		const outcome = built ? Promise.resolve() : Promise.reject(new Error("it has not been built; run `npm run build`."));
		outcome.catch(() => undefined);
		return () => outcome;
	}
	let running: Promise<void> | undefined;
	let warnedNoVite = false;
	// Checked on every dashboard request (a fingerprint of a few dozen file stats, about a millisecond), so an
	// edited page is rebuilt on the next reload; concurrent requests share one build.
	const ready = (): Promise<void> => {
		if (running !== undefined) return running;
		if (!isDashboardStale()) return Promise.resolve();
		running = (async () => {
			const built = await buildDashboardIfStale(logger);
			if (built) return;
			if (!existsSync(path.join(DASHBOARD_DIST, "index.html"))) throw new Error("it has not been built and Vite is not installed; run `npm ci`, then `npm run build`.");
			if (!warnedNoVite) logger.warn("the dashboard's sources changed but Vite is not installed; serving the older build");
			warnedNoVite = true;
		})();
		running.then(
			() => (running = undefined),
			(error: unknown) => {
				logger.error({ err: error }, "dashboard build failed");
				running = undefined;
			},
		);
		return running;
	};
	if (config.nodeEnv === "development") ready().catch(() => undefined);
	return ready;
}

export const dashboardModule: AppModule = {
	name: "dashboard",
	routes: () => [],
	handler: (dependencies) => serveDashboard({ ready: dashboardReadiness(dependencies) }),
};
