/** The releases module's public entry: what app.ts and other modules may use of it. */
export { releasesModule } from "./routes";
export { checkFile } from "./file-rules";
export { loadReleaseForDeploy } from "./release-for-deploy";
export { readStoredFile } from "./stored-file";
