/** The environments module's public entry: what app.ts and other modules may use of it. */
export { environmentsModule } from "./routes";
export { loadDeployTarget, loadDeployTargetById } from "./deploy-target";
export type { DeployTarget } from "./deploy-target";
