/**
 * Starts the pinned stripe-mock (installed by tests/env/stripe-mock.sh) on a free port for one test file, and
 * stops it after. Stateless: it checks each call's shape against Stripe's OpenAPI description and answers fixtures.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

export interface StripeMock {
	readonly url: string;
	stop(): Promise<void>;
}

export function stripeMockBinary(): string {
	const dir = process.env.TOOLBOXAI_STRIPE_MOCK_DIR ?? path.join(homedir(), ".cache", "toolboxai", "stripe-mock");
	const binary = path.join(dir, "bin", "stripe-mock");
	if (!existsSync(binary)) throw new Error(`stripe-mock is not installed at ${binary}: run \`bash tests/env/stripe-mock.sh\` first`);
	return binary;
}

export async function startStripeMock(): Promise<StripeMock> {
	const child: ChildProcess = spawn(stripeMockBinary(), ["-http-addr", "127.0.0.1:0", "-https-addr", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "pipe"] });
	const port = await new Promise<number>((resolve, reject) => {
		let seen = "";
		const timer = setTimeout(() => reject(new Error(`stripe-mock did not start: ${seen}`)), 30_000);
		const read = (chunk: Buffer) => {
			seen += chunk.toString("utf8");
			const match = /Listening for HTTP at address: .*:(\d+)/.exec(seen);
			if (match?.[1] !== undefined) {
				clearTimeout(timer);
				resolve(Number(match[1]));
			}
		};
		child.stdout?.on("data", read);
		child.stderr?.on("data", read);
		child.once("exit", (code) => reject(new Error(`stripe-mock exited (${code}): ${seen}`)));
	});
	return {
		url: `http://127.0.0.1:${port}`,
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once("exit", () => resolve());
				child.kill("SIGTERM");
			}),
	};
}
