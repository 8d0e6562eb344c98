/**
 * The privacy erasure ledger, as a restore reads it. An erasure must outlive the database it was made in: a backup
 * taken before someone was erased still holds their data, so every restore re-applies every erasure the ledger
 * lists. The ledger lives in the storage driver (not the database a restore replaces) as JSON lines at
 * ERASURE_LEDGER_PATH; the privacy work writes it and supplies the eraser. Erasing must be idempotent: a restore
 * applies every entry, including those the backup already reflects.
 */
import type { Sequelize } from "sequelize";
import { z } from "zod";
import type { ObjectStorage } from "../../infrastructure.types";

export const ERASURE_LEDGER_PATH = "privacy/erasure-ledger.jsonl";

const entrySchema = z.object({
	/** The erasure's own id (its request). */
	id: z.string().min(1),
	tenantId: z.string().min(1),
	/** Whose data was erased. */
	userId: z.string().min(1),
	erasedAt: z.iso.datetime(),
});
export type ErasureLedgerEntry = z.infer<typeof entrySchema>;

export interface ErasureLedgerReader {
	/** Every erasure recorded, oldest first; none when there is no ledger yet. */
	entries(): Promise<ErasureLedgerEntry[]>;
}

/** Erases one person again in a restored database (the privacy module's eraser). */
export type ReapplyErasure = (db: Sequelize, entry: ErasureLedgerEntry) => Promise<void>;

export class ErasureLedgerError extends Error {
	readonly code = "erasure_ledger";
}

/** The ledger in the storage driver: one JSON object per line; a line that does not parse stops the restore. */
export function storageErasureLedger(storage: Pick<ObjectStorage, "get">): ErasureLedgerReader {
	return {
		async entries() {
			const body = await storage.get(ERASURE_LEDGER_PATH);
			if (body === undefined) return [];
			const lines = body.toString("utf8").split("\n");
			const entries: ErasureLedgerEntry[] = [];
			lines.forEach((line, index) => {
				if (line.trim() === "") return;
				let parsed: unknown;
				try {
					parsed = JSON.parse(line);
				} catch {
					parsed = undefined;
				}
				const result = entrySchema.safeParse(parsed);
				if (!result.success) throw new ErasureLedgerError(`The erasure ledger (${ERASURE_LEDGER_PATH}) line ${index + 1} is not a valid entry: fix it before restoring.`);
				entries.push(result.data);
			});
			return entries.sort((a, b) => a.erasedAt.localeCompare(b.erasedAt));
		},
	};
}
