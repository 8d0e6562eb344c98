import type { Config } from "../../config/config";
import { loadMasterKey } from "../../crypto/master-key";
import { seal } from "../../crypto/secret-box";
import { keyPurpose } from "./environment-row";

/** The key as stored: sealed for this environment only, plus the last four characters people recognise it by. */
export function sealKey(config: Config, environmentId: string, apiKey: string): { sealed: string; lastFour: string } {
	return { sealed: seal(loadMasterKey(config), apiKey, keyPurpose(environmentId)), lastFour: apiKey.slice(-4) };
}
