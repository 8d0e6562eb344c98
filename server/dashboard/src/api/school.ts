import { SchoolSettings, type SchoolSettingsUpdate } from "@toolboxai/shared";
import { call } from "./client";

/** The school's own settings (its time zone). */
export const SCHOOL_PATHS = { settings: "/v1/school/settings" } as const;

export function updateSchoolSettings(request: SchoolSettingsUpdate): Promise<SchoolSettings> {
	return call(SchoolSettings, "PATCH", SCHOOL_PATHS.settings, { auth: true, body: request });
}
