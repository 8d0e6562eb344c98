import { AppError } from "../../errors/app-error";

/** The schema allows "   " (it only counts characters): refuse blank text fields, all of them at once, with their paths. */
export function refuseBlankFields(fields: Readonly<Record<string, string | undefined>>): void {
	const issues = Object.entries(fields)
		.filter(([, value]) => value !== undefined && value.trim() === "")
		.map(([name]) => ({ path: `/${name}`, code: "blank", message: "must not be blank" }));
	if (issues.length > 0) throw new AppError("validation_failed", "Fill in the class's details: each issue names where.", { issues });
}
