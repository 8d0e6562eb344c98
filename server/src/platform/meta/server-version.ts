import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The service version from server/package.json, read once. src/ and dist/ sit at the same depth below
 * server/, so the same relative path works under tsx, Jest and the compiled build.
 */
export const SERVER_VERSION: string = (JSON.parse(readFileSync(path.join(__dirname, "../../../package.json"), "utf8")) as { version: string }).version;
