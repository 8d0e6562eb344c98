/**
 * The privacy module's public entry: data requests (export, correction, erasure, restriction) and their pipeline of
 * steps, the school's authorisation in place of parental consent, processing restrictions, and the data notice.
 * Progress ingestion honours restrictions by reading `privacy_processing_restrictions` in its own statement.
 */
export { privacyModule } from "./routes";
export { PRIVACY_RUN_REQUEST } from "./privacy-names";
