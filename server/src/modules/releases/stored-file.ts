import { createHash } from "node:crypto";
import { isUuid } from "@toolboxai/shared/node";
import type { ObjectStorage } from "../../infrastructure.types";
import { AppError } from "../../errors/app-error";

const SHA256 = /^[0-9a-f]{64}$/;

/** Where a school's file lives in object storage: content-addressed, under the school's own prefix. */
export function storedFilePath(tenantId: string, sha256: string): string {
	// Both parts are checked, not trusted: a path built from anything else could reach another school's prefix.
	// Lower case too: object keys are case-sensitive, so an upper-case spelling of the same school would name another
	// prefix, where its files are not.
	if (!isUuid(tenantId) || tenantId !== tenantId.toLowerCase()) throw new Error("storedFilePath needs a lower-case tenant uuid");
	if (!SHA256.test(sha256)) throw new Error("storedFilePath needs 64 lower-case hex digits");
	return `tenants/${tenantId}/files/${sha256}`;
}

/**
 * The bytes of a file the school uploaded (PUT /v1/releases/{id}/files/{sha256}). A file the storage does not hold
 * is an AppError (not_found), never undefined: a deploy must not publish nothing. Storage outages stay the
 * driver's AppError (unavailable / upstream_failed); bytes that do not hash to `sha256` are refused (internal).
 */
export async function readStoredFile(storage: ObjectStorage, tenantId: string, sha256: string): Promise<Buffer> {
	const body = await storage.get(storedFilePath(tenantId, sha256));
	if (body === undefined) throw new AppError("not_found", `The file ${sha256} is not stored: upload it again.`, { sha256 });
	// Content addressing is only worth something if it is checked: never hand a deploy bytes that are not the file.
	if (createHash("sha256").update(body).digest("hex") !== sha256) throw new AppError("internal", `The stored copy of ${sha256} is damaged: upload the file again.`, { sha256 });
	return body;
}
