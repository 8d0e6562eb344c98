/** The tenancy module's public entry: what app.ts and other modules may use of it. */
export { tenancyModule } from "./routes";
export { demoSignInFile, seedDemoSchool } from "./seed-demo-school";
export type { DemoSignIn } from "./seed-demo-school";
