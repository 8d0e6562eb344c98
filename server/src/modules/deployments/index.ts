/** The deployments module's public entry: what app.ts and other modules may use of it. */
export { deploymentsModule } from "./routes";
export { getDeployment } from "./get-deployment";
