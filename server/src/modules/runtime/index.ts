/** The runtime module's public entry: what app.ts and other modules may use of it. */
export { runtimeModule } from "./routes";
