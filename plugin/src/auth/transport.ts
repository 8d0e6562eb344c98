/**
 * What the plugin checks about where it sends a token. Studio has no secret store and plugins reach any address
 * the teacher types, so two things get plain words: a token about to travel unencrypted to another computer, and
 * Studio's HTTP permission for the plugin having been denied.
 */

/** The host of an http(s) address, lower case, without port or brackets; undefined when it is not one. */
export function hostOf(url: string): string | undefined {
	const [rest] = url.lower().match("^https?://([^/?#]+)");
	if (rest === undefined) return undefined;
	const authority = tostring(rest);
	const withoutUser = authority.match("@(.+)$")[0];
	const hostPort = withoutUser === undefined ? authority : tostring(withoutUser);
	const [bracketed] = hostPort.match("^%[([^%]]+)%]");
	if (bracketed !== undefined) return tostring(bracketed);
	const [host] = hostPort.match("^([^:]+)");
	return host === undefined ? undefined : tostring(host);
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1"]);

/** True for http:// to anything but this computer: tokens sent there can be read on the way. */
export function sendsTokensInTheClear(url: string): boolean {
	const [scheme] = url.lower().match("^(%a+)://");
	if (scheme !== "http") return false;
	const host = hostOf(url);
	return host === undefined || !(LOCAL_HOSTS.has(host) || host.match("^127%.%d+%.%d+%.%d+$")[0] !== undefined || host.sub(-10) === ".localhost");
}

export function insecureWarning(url: string): string {
	return `${url} is plain http: your sign-in would travel unencrypted to ${hostOf(url) ?? "that computer"}, where anyone on the network could copy it. Use an https:// address, or press Sign in again to continue anyway.`;
}

/**
 * Studio refuses a plugin's request when the teacher denied (or has not yet allowed) its HTTP permission for the
 * domain. Roblox does not document the exact error text, so the words it uses for this are matched loosely.
 */
export function isPermissionDenied(errorText: string): boolean {
	const text = errorText.lower();
	return text.find("permission", 1, true)[0] !== undefined || text.find("not allowed", 1, true)[0] !== undefined || text.find("denied", 1, true)[0] !== undefined;
}

export function permissionMessage(url: string): string {
	const host = hostOf(url) ?? url;
	return `Studio did not let the ToolBoxAI plugin reach ${host}. To allow it: Plugins tab > Manage Plugins > ToolBoxAI > the pencil icon beside it > tick ${host} under HTTP Requests, then try again.`;
}
