import { SchoolSettings, SchoolSettingsUpdate } from "@toolboxai/shared";
import type { AppDependencies } from "../../../http/app-module";
import { userCallerOf } from "../../../http/request-context";
import { type AnyRouteDefinition, defineRoute } from "../../../http/route";
import { getSchoolSettings } from "../school-settings/get-school-settings";
import { updateSchoolSettings } from "../school-settings/update-school-settings";

/** The school's own settings (its time zone). */
export function schoolSettingsRoutes(deps: AppDependencies): AnyRouteDefinition[] {
	return [
		defineRoute({
			method: "get",
			path: "/v1/school/settings",
			operationId: "getSchoolSettings",
			summary: "The school's settings (its time zone)",
			description: "Every member may read them: the dashboard shows dates in the school's time zone (also returned by getMe as tenant.timeZone).",
			tags: ["tenancy"],
			access: { kind: "user", permission: "tenant:read" },
			response: { status: 200, body: SchoolSettings, description: "The school's settings." },
			errors: [],
			handle: ({ req }) => getSchoolSettings(deps, userCallerOf(req)),
		}),
		defineRoute({
			method: "patch",
			path: "/v1/school/settings",
			operationId: "updateSchoolSettings",
			summary: "Change the school's settings (its time zone)",
			description:
				"timeZone is an IANA name (Europe/London, America/Chicago, UTC), stored as the time zone database spells it; " +
				"a name it does not know is 422 unknown_time_zone. A new school starts in UTC. A change is recorded in the audit log.",
			tags: ["tenancy"],
			access: { kind: "user", permission: "tenant:manage" },
			request: { body: SchoolSettingsUpdate, example: { timeZone: "America/Chicago" } },
			response: { status: 200, body: SchoolSettings, description: "The settings now." },
			errors: ["unknown_time_zone"],
			handle: ({ req, body }) => updateSchoolSettings(deps, userCallerOf(req), body),
		}),
	];
}
