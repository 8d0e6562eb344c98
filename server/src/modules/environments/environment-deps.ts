import type { Config } from "../../config/config";
import type { Infrastructure } from "../../infrastructure.types";

/** What reading or deleting environments uses of the app's dependencies. */
export interface EnvironmentDbDeps {
	readonly infra: Pick<Infrastructure, "db">;
}

/** What saving an environment uses: the config seals the key, the Open Cloud client checks it (introspection). */
export interface EnvironmentDeps {
	readonly config: Config;
	readonly infra: Pick<Infrastructure, "db" | "openCloudClient">;
}
