export { backupsModule } from "./routes";
export { ERASURE_LEDGER_PATH, type ErasureLedgerEntry, type ErasureLedgerReader, type ReapplyErasure } from "./erasure-ledger";
