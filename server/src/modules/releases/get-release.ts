import type { Release } from "@toolboxai/shared";
import type { Caller } from "../../access/caller";
import { loadReleaseForDeploy } from "./release-for-deploy";
import type { ReleaseDbDeps } from "./release-deps";

/** One of the school's releases, with the files still to upload. */
export function getRelease(deps: ReleaseDbDeps, caller: Caller, input: { readonly releaseId: string }): Promise<Release> {
	return loadReleaseForDeploy(deps.infra.db, caller.tenantId, input.releaseId);
}
