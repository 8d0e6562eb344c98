import { randomUUID } from "node:crypto";

/** What we accept from a caller or a load balancer as a request id: short, printable, no spaces or quotes. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@+=/-]{8,128}$/;

/**
 * The id for one request: the incoming X-Request-Id when it is sane (so a trace spans the load balancer,
 * the game server and us), otherwise a fresh UUID. A hostile value never reaches logs or responses.
 */
export function requestIdFrom(incoming: string | string[] | undefined): string {
	const candidate = Array.isArray(incoming) ? incoming[0] : incoming;
	if (candidate !== undefined && SANE_REQUEST_ID.test(candidate)) return candidate;
	return randomUUID();
}
