/** Every zone the browser knows (the same IANA names the service checks against), UTC first, `current` always included. */
export function timeZoneChoices(current: string): string[] {
	const known = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
	return ["UTC", ...[...new Set([...known, current])].filter((zone) => zone !== "UTC").sort()];
}
