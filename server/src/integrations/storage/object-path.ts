/**
 * Object paths are relative, slash-separated and plain: no "..", ".", empty segments, backslashes or
 * control characters. Anything else is refused before it touches the disk or a URL.
 */
import { AppError } from "../../errors/app-error";

export class InvalidObjectPathError extends AppError {
	constructor(
		readonly objectPath: string,
		reason: string,
	) {
		super("bad_request", `Invalid storage path: ${reason}`, { path: objectPath });
		this.name = "InvalidObjectPathError";
	}
}

const MAX_PATH_LENGTH = 1024;

export function assertObjectPath(objectPath: string): string[] {
	if (objectPath.length === 0 || objectPath.length > MAX_PATH_LENGTH) throw new InvalidObjectPathError(objectPath, "empty or too long");
	// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters (U+0000-U+001F, U+007F) in a path is the point of this check.
	if (/[\u0000-\u001f\u007f\\]/.test(objectPath)) throw new InvalidObjectPathError(objectPath, "control character or backslash");
	const segments = objectPath.split("/");
	for (const segment of segments) {
		if (segment === "" || segment === "." || segment === "..") {
			throw new InvalidObjectPathError(objectPath, "absolute path, empty segment, '.' or '..'");
		}
	}
	return segments;
}
