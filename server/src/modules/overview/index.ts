/** The overview module's public entry: what app.ts may use of it. */
export { overviewModule } from "./routes";
