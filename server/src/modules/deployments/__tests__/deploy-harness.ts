/**
 * Test app for deployments: the real app over the real infrastructure (test Postgres + Redis/BullMQ), with Open
 * Cloud pointed at the local fake through the real live transport and, when asked, a simulated clock (sleeps
 * return at once and move time on, so a 200-asset deploy's rate-limit waits and polls take no real time).
 */
import request from "supertest";
import { startTestApp, type TestApp, type TestDatabase } from "../../../http/__tests__/harness";
import type { FakeOpenCloud } from "../../../integrations/open-cloud/__tests__/fake-open-cloud";
import { stampingTransport, type SimulatedClock } from "../../../integrations/open-cloud/__tests__/test-kit";
import { OpenCloudRateLimiter, systemClock } from "../../../integrations/open-cloud/rate-limit";
import { createOpenCloudClientFactory } from "../../../integrations/open-cloud/select";
import { createLiveOpenCloud } from "../../../integrations/open-cloud/live";
import { bearer } from "../../tenancy/__tests__/tenancy-fixtures";

export interface DeployTestApp extends TestApp {
	/** Everything published to realtime, in order. */
	readonly published: Array<{ channel: string; event: string; data: unknown }>;
}

export async function startDeployTestApp(options: { database: TestDatabase; fake?: FakeOpenCloud; clock?: SimulatedClock; pollFirstDelayMs?: number }): Promise<DeployTestApp> {
	const published: DeployTestApp["published"] = [];
	const clock = options.clock ?? systemClock;
	const t = await startTestApp({
		database: options.database,
		env: { LOG_LEVEL: "info", ...(options.fake === undefined ? {} : { ROBLOX_OPEN_CLOUD_URL: options.fake.url }) },
		wrapInfra: (base, config) => ({
			...base,
			realtime: {
				...base.realtime,
				async publish(channel, event, data) {
					published.push({ channel, event, data });
					await base.realtime.publish(channel, event, data);
				},
			},
			openCloudClient: createOpenCloudClientFactory({
				baseUrl: config.robloxOpenCloudUrl ?? "https://apis.roblox.com",
				live: options.clock === undefined ? createLiveOpenCloud() : stampingTransport(options.clock),
				dryRun: base.openCloud,
				limiter: new OpenCloudRateLimiter({ clock }),
				tuning: { random: () => 0.5, poll: { firstDelayMs: options.pollFirstDelayMs ?? 1000, factor: 2, maxDelayMs: 16_000, maxPolls: 40 } },
			}),
		}),
	});
	await t.infra.queue.start();
	return { ...t, published };
}

/** Polls GET /v1/deployments/:id until it has finished (succeeded or failed), and answers it. */
export async function waitForDeployment(t: TestApp, token: string, deploymentId: string): Promise<Record<string, unknown> & { status: string }> {
	for (;;) {
		const res = await request(t.app).get(`/v1/deployments/${deploymentId}`).set(bearer(token));
		if (res.status !== 200) throw new Error(`getDeployment answered ${res.status}: ${JSON.stringify(res.body)}`);
		if (res.body.status === "succeeded" || res.body.status === "failed") return res.body;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}
