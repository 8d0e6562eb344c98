import type { AddressInfo } from "node:net";
import type { Config } from "./config/config";
import { loadConfig } from "./config/load-config";
import { createLogger } from "./logging/logger";
import { announce } from "./startup-messages";

const DEMO = { email: "admin@demo-school.example", password: "Pw-0123456789abc", school: "Demo School" };
const ADDRESS: AddressInfo = { address: "127.0.0.1", family: "IPv4", port: 8080 };

function announced(config: Config, human: boolean) {
	const lines: Array<Record<string, unknown>> = [];
	const printed: string[] = [];
	const logger = createLogger({ logLevel: "info" }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
	announce({ logger, config, human, write: (text) => void printed.push(text) }, ADDRESS, DEMO);
	return { lines, printed: printed.join(""), all: `${JSON.stringify(lines)}${printed.join("")}` };
}

describe("the demo sign-in at start", () => {
	it("is a short block for a person at a terminal, not a log field", () => {
		const { lines, printed } = announced(loadConfig({ DATA_DIR: "/srv/data" }, "/"), true);
		expect(printed).toContain('Demo school "Demo School": sign in at http://localhost:8080/sign-in');
		expect(printed).toMatch(/\n {4}email {5}admin@demo-school\.example\n {4}password {2}Pw-0123456789abc\n/);
		expect(printed.split("\n").length).toBeLessThanOrEqual(10);
		expect(JSON.stringify(lines)).not.toContain(DEMO.password);
	});

	it("is one JSON line for a log collector outside production", () => {
		const { lines, printed } = announced(loadConfig({ DATA_DIR: "/srv/data" }, "/"), false);
		expect(printed).toBe("");
		expect(lines.find((line) => String(line.msg).startsWith("dashboard:"))?.msg).toContain(`with password ${DEMO.password}`);
	});

	it("never carries the password in production, only where it is kept", () => {
		const production = loadConfig({ NODE_ENV: "production", ALLOW_EMBEDDED: "true", PUBLIC_URL: "https://toolbox.example.org", DATA_DIR: "/srv/data" }, "/");
		for (const human of [false, true]) {
			const { lines, all } = announced(production, human);
			expect(all).not.toContain(DEMO.password);
			expect(lines.find((line) => String(line.msg).startsWith("dashboard:"))?.msg).toContain("the password is in /srv/data/secrets/demo-sign-in.json");
		}
	});
});
