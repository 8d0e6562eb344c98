import type { Logger } from "pino";
import type { Config } from "../../config/config";
import type { Infrastructure } from "../../infrastructure.types";
import { loadMasterKey, type MasterKey } from "../../crypto/master-key";
import { SigningKeyStore } from "./keys/signing-key-store";

/** What auth operations need from the app: AppDependencies satisfies it. */
export interface AuthDeps {
	readonly config: Config;
	readonly infra: Infrastructure;
	readonly logger?: Logger;
}

export interface AuthServices {
	readonly master: MasterKey;
	readonly keys: SigningKeyStore;
}

const byInfrastructure = new WeakMap<Infrastructure, AuthServices>();

/**
 * One key store per running app (its cache is what makes verification cheap), found from the app's
 * dependencies so every module can call issueSession/authenticate with what it already has.
 */
export function authServices(deps: AuthDeps): AuthServices {
	const existing = byInfrastructure.get(deps.infra);
	if (existing !== undefined) return existing;
	const master = loadMasterKey(deps.config);
	const services: AuthServices = { master, keys: new SigningKeyStore(deps.infra.db, master) };
	byInfrastructure.set(deps.infra, services);
	return services;
}
