import type { Server } from "node:http";
import { ConfigError } from "../../config/config-error";
import { loadConfig } from "../../config/load-config";
import { startMetricsListener } from "./exposure";

const TOKEN = "a-scrape-token-of-at-least-32-characters";

describe("the separate metrics listener", () => {
	const servers: Server[] = [];
	afterAll(() => Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))));

	async function listener(token?: string): Promise<string> {
		const { server, address } = await startMetricsListener({ port: 0, host: "127.0.0.1", ...(token === undefined ? {} : { token }) });
		servers.push(server);
		return `http://127.0.0.1:${address.port}`;
	}

	it("with a token, refuses a scrape without it or with another one, and serves one with it", async () => {
		const base = await listener(TOKEN);
		for (const headers of [{}, { Authorization: "Bearer wrong" }, { Authorization: TOKEN }] as Array<Record<string, string>>) {
			const res = await fetch(`${base}/metrics`, { headers });
			expect(res.status).toBe(401);
			expect(await res.text()).not.toContain("toolboxai_");
		}
		const ok = await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
		expect(ok.status).toBe(200);
		expect(await ok.text()).toContain("toolboxai_process_cpu_user_seconds_total");
	});

	it("serves only GET /metrics", async () => {
		const base = await listener();
		expect((await fetch(`${base}/metrics`)).status).toBe(200);
		expect((await fetch(`${base}/`)).status).toBe(404);
		expect((await fetch(`${base}/metrics`, { method: "POST" })).status).toBe(404);
	});
});

describe("metrics settings", () => {
	const base = { NODE_ENV: "test", DATA_DIR: "/tmp/tbx-metrics-config" };

	it("exposes nothing unless METRICS_PORT or METRICS_TOKEN is set", () => {
		expect(loadConfig(base).metrics).toBeUndefined();
	});

	it("binds the separate listener to 127.0.0.1 unless METRICS_HOST says otherwise", () => {
		expect(loadConfig({ ...base, METRICS_PORT: "9464" }).metrics).toEqual({ port: 9464, host: "127.0.0.1" });
		expect(loadConfig({ ...base, METRICS_PORT: "9464", METRICS_HOST: "0.0.0.0", METRICS_TOKEN: TOKEN }).metrics).toEqual({
			port: 9464,
			host: "0.0.0.0",
			token: TOKEN,
		});
		expect(loadConfig({ ...base, METRICS_TOKEN: TOKEN }).metrics).toEqual({ host: "127.0.0.1", token: TOKEN });
	});

	it("refuses a short token (without echoing it) and a metrics port equal to PORT", () => {
		const problem = (env: NodeJS.ProcessEnv) => {
			try {
				loadConfig({ ...base, ...env });
			} catch (error) {
				if (error instanceof ConfigError) return error.message;
			}
			return "no error";
		};
		const short = problem({ METRICS_TOKEN: "secret-but-short" });
		expect(short).toContain("METRICS_TOKEN");
		expect(short).not.toContain("secret-but-short");
		expect(problem({ PORT: "9464", METRICS_PORT: "9464" })).toContain("METRICS_PORT");
	});
});
