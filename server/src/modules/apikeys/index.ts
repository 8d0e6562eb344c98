/** The apikeys module's public entry: what app.ts and other modules may use of it. */
export { apiKeysModule } from "./routes";
export { apiKeyAuthenticator } from "./api-key-authenticator";
export { runtimeWhoAmI } from "./runtime-whoami";
