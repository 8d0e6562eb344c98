import { z } from "zod";
import type { JobDefinition } from "../../../infrastructure.types";
import { payloadParser } from "../../../jobs/payload";
import type { BillingDeps } from "../billing-deps";
import { type SyncAccountInput, syncAccount } from "./sync-account";

export const SYNC_ACCOUNT_JOB = "billing.stripe.sync";

const schema = z.object({
	tenantId: z.string().max(64).optional(),
	customerId: z.string().max(255).optional(),
	subscriptionId: z.string().max(255).optional(),
});

/** Re-reads one school's subscription from Stripe; Stripe down or rate limiting → retried with backoff (up to about an hour). */
export function syncAccountJob(deps: BillingDeps): JobDefinition<SyncAccountInput> {
	return {
		name: SYNC_ACCOUNT_JOB,
		version: 1,
		parse: payloadParser(SYNC_ACCOUNT_JOB, schema) as (payload: unknown) => SyncAccountInput,
		attempts: 10,
		backoffMs: 2_000,
		async handle(payload, { logger }) {
			const outcome = await syncAccount({ ...deps, logger }, payload);
			logger.info({ outcome }, "billing sync");
		},
	};
}
