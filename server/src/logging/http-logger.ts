import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import { requestIdFrom } from "./request-id";

export const REQUEST_ID_HEADER = "X-Request-Id";

/**
 * Gives each request its id (also sent back as X-Request-Id) and a child logger `req.log` whose every line
 * carries `requestId`; logs one line per finished request, at warn for 4xx and error for 5xx.
 */
export function httpLogger(logger: Logger) {
	return pinoHttp({
		logger,
		quietReqLogger: true,
		customAttributeKeys: { reqId: "requestId", responseTime: "durationMs" },
		genReqId(req: IncomingMessage, res: ServerResponse) {
			const id = requestIdFrom(req.headers["x-request-id"]);
			res.setHeader(REQUEST_ID_HEADER, id);
			return id;
		},
		customLogLevel(_req, res, error) {
			if (error !== undefined || res.statusCode >= 500) return "error";
			if (res.statusCode >= 400) return "warn";
			return "info";
		},
		customSuccessMessage: (req, res) => `${req.method} ${req.url} ${res.statusCode}`,
		customErrorMessage: (req, res) => `${req.method} ${req.url} ${res.statusCode}`,
		serializers: {
			req: (req: { method: string; url: string; headers: Record<string, unknown>; remoteAddress?: string }) => ({
				method: req.method,
				url: req.url,
				userAgent: req.headers["user-agent"],
				remoteAddress: req.remoteAddress,
			}),
			res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
		},
	});
}
