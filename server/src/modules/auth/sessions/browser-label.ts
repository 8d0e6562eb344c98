/**
 * "Firefox on Windows" from a User-Agent header: enough for a person to recognise their own browsers on the
 * sessions page. Unknown agents get no label rather than a guess.
 */
const BROWSERS: ReadonlyArray<[RegExp, string]> = [
	[/Edg\//, "Edge"],
	[/OPR\//, "Opera"],
	[/Firefox\//, "Firefox"],
	[/Chrom(e|ium)\//, "Chrome"],
	[/Safari\//, "Safari"],
];
const SYSTEMS: ReadonlyArray<[RegExp, string]> = [
	[/Windows/, "Windows"],
	[/CrOS/, "ChromeOS"],
	[/Android/, "Android"],
	[/iPhone|iPad/, "iOS"],
	[/Mac OS X|Macintosh/, "macOS"],
	[/Linux/, "Linux"],
];

export function browserLabel(userAgent: string | undefined): string | undefined {
	if (userAgent === undefined) return undefined;
	const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
	const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
	if (browser === undefined && system === undefined) return undefined;
	return `${browser ?? "A browser"} on ${system ?? "an unknown system"}`;
}
