import { AppError } from "../../http/app-error";

/** Where the next page starts: the last deployment's created_at (microseconds) and id. Opaque: base64url of "d1|<timestamp>|<id>". */
export interface DeploymentPosition {
	readonly createdAt: string;
	readonly id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeDeploymentCursor(position: DeploymentPosition): string {
	return Buffer.from(`d1|${position.createdAt}|${position.id}`, "utf8").toString("base64url");
}

export function decodeDeploymentCursor(cursor: string): DeploymentPosition {
	const invalid = () => new AppError("bad_request", "The cursor is not one this service gave out: start again without it.");
	if (cursor.length > 256 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
	const [version, createdAt, id, ...rest] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
	if (version !== "d1" || createdAt === undefined || id === undefined || rest.length > 0 || !TIMESTAMP.test(createdAt) || !UUID.test(id)) throw invalid();
	return { createdAt, id };
}
