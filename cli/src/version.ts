import { readFileSync } from "node:fs";
import path from "node:path";

/** This CLI's version, from its package.json (one folder up from src/, under tsx and Jest alike). */
export const CLI_VERSION: string = (JSON.parse(readFileSync(path.join(__dirname, "../package.json"), "utf8")) as { version: string }).version;
