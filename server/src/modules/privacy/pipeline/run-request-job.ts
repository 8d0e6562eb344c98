import { z } from "zod";
import type { JobDefinition } from "../../../infrastructure.types";
import { payloadParser } from "../../../jobs/payload";
import { PRIVACY_RUN_REQUEST } from "../privacy-names";
import type { PrivacyDeps } from "../privacy-deps";
import { runRequest } from "./run-request";

export interface RunRequestPayload {
	readonly tenantId: string;
	readonly requestId: string;
}

const schema = z.object({ tenantId: z.uuid(), requestId: z.uuid() });

/** Runs (or resumes) a request's pipeline; a failed step is retried with backoff, from where it stopped. */
export function runRequestJob(deps: PrivacyDeps): JobDefinition<RunRequestPayload> {
	return {
		name: PRIVACY_RUN_REQUEST,
		version: 1,
		parse: payloadParser(PRIVACY_RUN_REQUEST, schema),
		attempts: 6,
		backoffMs: 5_000,
		handle: (payload, { logger }) => runRequest(deps, payload, logger),
	};
}
