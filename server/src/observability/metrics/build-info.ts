import { gauge, METRIC_PREFIX } from "./registry";

const info = gauge(`${METRIC_PREFIX}build_info`, "Always 1; the labels say which build runs (version, Node.js version).", ["version", "node_version"]);

export function recordBuildInfo(version: string): void {
	info.reset();
	info.set({ version, node_version: process.version }, 1);
}
