/** The realtime module's public entry: what app.ts and other modules may use of it. */
export { realtimeModule } from "./routes";
