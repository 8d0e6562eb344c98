import type { Health } from "@toolboxai/shared";

/** Liveness: answering at all is the check; dependencies belong to readiness, so a database blip never restarts us. */
export function checkHealth(): Health {
	return { status: "ok" };
}
