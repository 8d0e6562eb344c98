import type Stripe from "stripe";
import type { SyncAccountInput } from "../sync/sync-account";

/** The events that change a school's billing; any other type is answered 200 and ignored. */
export const HANDLED_EVENTS: ReadonlySet<string> = new Set([
	"checkout.session.completed",
	"customer.subscription.created",
	"customer.subscription.updated",
	"customer.subscription.deleted",
	"customer.subscription.trial_will_end",
	"customer.subscription.paused",
	"customer.subscription.resumed",
	"invoice.paid",
	"invoice.payment_failed",
	"invoice.finalized",
	"invoice.marked_uncollectible",
	"invoice.payment_action_required",
]);

type Obj = Record<string, unknown>;
const text = (value: unknown): string | undefined => (typeof value === "string" && value.length > 0 && value.length <= 255 ? value : undefined);
const idOf = (value: unknown): string | undefined => text(value) ?? (value !== null && typeof value === "object" ? text((value as Obj).id) : undefined);

/** Which school to re-read, from the event's object: ids only; the sync job reads the truth from Stripe. */
export function syncTargetOf(event: Stripe.Event): SyncAccountInput | undefined {
	const object = (event.data as { object?: unknown } | undefined)?.object;
	if (object === null || typeof object !== "object") return undefined;
	const o = object as Obj;
	const metadata = (o.metadata !== null && typeof o.metadata === "object" ? o.metadata : {}) as Obj;
	if (event.type.startsWith("checkout.session.")) {
		return compact({ tenantId: text(o.client_reference_id) ?? text(metadata.tenantId), customerId: idOf(o.customer), subscriptionId: idOf(o.subscription) });
	}
	if (event.type.startsWith("customer.subscription.")) {
		return compact({ tenantId: text(metadata.tenantId), customerId: idOf(o.customer), subscriptionId: idOf(o.id) });
	}
	if (event.type.startsWith("invoice.")) {
		// Since 2025-03-31.basil the invoice names its subscription under parent.subscription_details.
		const parent = (o.parent ?? {}) as Obj;
		const details = (parent.subscription_details ?? {}) as Obj;
		const subMeta = (details.metadata ?? {}) as Obj;
		return compact({ tenantId: text(subMeta.tenantId), customerId: idOf(o.customer), subscriptionId: idOf(details.subscription) });
	}
	return undefined;
}

function compact(input: { tenantId?: string; customerId?: string; subscriptionId?: string }): SyncAccountInput | undefined {
	const out = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as SyncAccountInput;
	return Object.keys(out).length === 0 ? undefined : out;
}
