/** The billing module's public entry: what app.ts and other modules may use of it. */
import type { AnyRouteDefinition } from "../../http/route";
import { billingErrorsOf } from "./entitlements/billing-guard";

export { billingModule } from "./routes";
export { billingGate } from "./http/billing-gate";
export { checkBilling, type GuardedAction } from "./entitlements/billing-guard";
export { reserveSeat } from "./seats/reserve-seat";
export { billingStateChanged } from "./billing-state-changed";

/** The billing codes a route can answer, for its documented errors (app.ts gives this to the route registry). */
export function billingErrorsOfRoute(route: AnyRouteDefinition): ReturnType<typeof billingErrorsOf> {
	return billingErrorsOf(route.access, route.method);
}
