/** The audit module's public entry: what app.ts and other modules may use of it. */
export { auditModule } from "./routes";
export { auditedBy, recordAudit } from "./record-audit";
export type { AuditEntry } from "./record-audit";
