import { randomUUID } from "node:crypto";
import type { PrivacyRequest } from "@toolboxai/shared";
import type { UserCaller } from "../../../access/caller";
import { withTenant } from "../../../db/tenant-scope";
import { AppError } from "../../../errors/app-error";
import { pipelineFor } from "../pipeline/pipelines";
import type { PrivacyDeps } from "../privacy-deps";
import { enqueueRun } from "./enqueue-run";
import { loadRequest, loadSteps, toPrivacyRequest } from "./request-row";

/** Starts the runner again for a request whose step failed past its retries: it resumes at that step. */
export async function retryPrivacyRequest(deps: PrivacyDeps, caller: UserCaller, input: { readonly requestId: string }): Promise<PrivacyRequest> {
	const db = deps.infra.db;
	return withTenant(db, caller.tenantId, async (transaction) => {
		const row = await loadRequest(db, transaction, input.requestId);
		if (row === undefined) throw new AppError("not_found", "No such data request.");
		if (row.status === "completed" || row.status === "routed" || pipelineFor(row.kind, row.subject_kind) === undefined) {
			throw new AppError("conflict", "There is nothing to run again for this request.");
		}
		await enqueueRun(deps, { tenantId: caller.tenantId, requestId: row.id }, randomUUID(), transaction);
		return toPrivacyRequest(row, await loadSteps(db, transaction, [row.id]));
	});
}
