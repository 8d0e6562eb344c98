import { AppError } from "../../../errors/app-error";

/**
 * A time zone name as this service's time zone database (Node's ICU, through Intl) spells it: "europe/london"
 * becomes "Europe/London"; a name it does not know is refused with `unknown_time_zone`. Intl rather than a list of
 * our own, so the names accepted are the ones the dates can actually be computed in.
 */
export function canonicalTimeZone(name: string): string {
	try {
		return new Intl.DateTimeFormat("en-US", { timeZone: name.trim() }).resolvedOptions().timeZone;
	} catch {
		throw new AppError("unknown_time_zone", `“${name}” is not a time zone this service knows: choose one such as Europe/London or America/Chicago.`, {
			timeZone: name,
		});
	}
}
