import type { RequestHandler } from "express";
import { PROTOCOL_VERSION } from "@toolboxai/shared";

export const PROTOCOL_HEADER = "X-ToolBoxAI-Protocol";

/** Every response, errors and 404s included, says which protocol this server speaks (clients refuse another major). */
export function protocolHeader(): RequestHandler {
	return (_req, res, next) => {
		res.setHeader(PROTOCOL_HEADER, PROTOCOL_VERSION);
		next();
	};
}
