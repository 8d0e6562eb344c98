import { AppError } from "../../errors/app-error";

/** The same rule as the table's CHECK: what `toolboxai deploy --env` takes, safe in URLs and shells. */
const NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

export function checkEnvironmentName(name: string): string {
	if (!NAME.test(name)) {
		throw new AppError("validation_failed", "An environment name is 1 to 32 lower-case letters, digits and dashes, starting with a letter or digit (e.g. staging).", {
			issues: [{ path: "/name", code: "pattern", message: "must match ^[a-z0-9][a-z0-9-]{0,31}$" }],
		});
	}
	return name;
}

/** The unique index admits one live environment per name and school. */
export function nameTaken(name: string): AppError {
	return new AppError("conflict", `This school already has an environment named "${name}". Choose another name, or edit that environment.`);
}
