import type { Request } from "express";

/** Who asked, for audit events: the client IP (Express's view, trust proxy applies) and the request id. */
export function auditOrigin(req: Request): { ip?: string; requestId?: string } {
	const requestId = typeof req.id === "string" ? req.id : undefined;
	return { ...(req.ip === undefined ? {} : { ip: req.ip }), ...(requestId === undefined ? {} : { requestId }) };
}
