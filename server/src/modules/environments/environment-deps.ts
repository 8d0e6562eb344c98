import type { Sequelize } from "sequelize";
import type { Config } from "../../config/config";
import type { OpenCloudClientFactory } from "../../integrations/open-cloud/select";

export interface EnvironmentDeps {
	readonly db: Sequelize;
	readonly config: Config;
	/** Used for the key check on save (introspection). */
	readonly openCloudClient: OpenCloudClientFactory;
}
