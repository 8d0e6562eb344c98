import type { AppDependencies } from "../../http/app-module";

/** What the privacy operations and the request runner use of the service. */
export type PrivacyDeps = Pick<AppDependencies, "config" | "infra" | "logger">;
