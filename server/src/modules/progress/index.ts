/** The progress module's public entry: what app.ts and other modules may use of it. */
export { progressModule } from "./routes";
export { ingestProgress } from "./ingest-progress";
export { studentProgress } from "./student-progress";
export { aggregateProgress } from "./aggregate-progress";
