/**
 * JSON.parse with Roblox's HttpService:JSONDecode rules for null: a null object member is dropped
 * (Luau tables cannot hold nil), a null array item stays null (a hole in Luau; both validators reject it).
 */
export function parseJsonLikeRoblox(text: string): unknown {
	return JSON.parse(text, robloxReviver);
}

export function robloxReviver(this: unknown, _key: string, value: unknown): unknown {
	if (value === null && !Array.isArray(this)) return undefined;
	return value;
}
