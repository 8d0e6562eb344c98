import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import { PROTOCOL_VERSION, type ErrorResponse } from "@toolboxai/shared";
import { REQUEST_ID_HEADER } from "../logging/http-logger";
import { PROTOCOL_HEADER } from "./protocol-header";

/**
 * Requests Node's HTTP parser rejects (garbage request line, oversized headers) never reach Express; by
 * default Node answers them with an empty 400. Answer with the one error shape instead, so even those
 * clients get JSON, a request id and the protocol header.
 */
export function answerClientErrorsAsJson(server: Server, logger: Logger): void {
	server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
		// A reset or timed-out connection has nobody (or no time) left to read an answer.
		if (error.code === "ECONNRESET" || error.code === "ERR_HTTP_REQUEST_TIMEOUT" || !socket.writable) {
			socket.destroy();
			return;
		}
		const requestId = randomUUID();
		logger.debug({ requestId, code: error.code }, "unparseable HTTP request");
		const message = error.code === "HPE_HEADER_OVERFLOW" ? "The request headers are too large." : "The request is not valid HTTP/1.1.";
		const body: ErrorResponse = { error: { code: "bad_request", message, requestId } };
		const json = JSON.stringify(body);
		socket.end(
			[
				"HTTP/1.1 400 Bad Request",
				"Content-Type: application/json; charset=utf-8",
				`Content-Length: ${Buffer.byteLength(json)}`,
				`${REQUEST_ID_HEADER}: ${requestId}`,
				`${PROTOCOL_HEADER}: ${PROTOCOL_VERSION}`,
				"Connection: close",
				"",
				json,
			].join("\r\n"),
		);
	});
}
