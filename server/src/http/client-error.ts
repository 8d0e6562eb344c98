import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import { PROTOCOL_VERSION, type ErrorResponse } from "@toolboxai/shared";
import { REQUEST_ID_HEADER } from "../logging/http-logger";
import { PROTOCOL_HEADER } from "./protocol-header";
import { MAX_URI_LENGTH, uriTooLong } from "./uri-length";

/** A request line that starts like one (`GET /path...`) and is not finished within MAX_URI_LENGTH. */
function requestLineTooLong(packet: Buffer | undefined): boolean {
	if (packet === undefined || !/^[A-Z]{3,10} \S/.test(packet.subarray(0, 12).toString("latin1"))) return false;
	const end = packet.indexOf("\r\n");
	return end < 0 || end > MAX_URI_LENGTH;
}

/**
 * Node refuses a request whose request line and headers pass its 16 KiB limit (HPE_HEADER_OVERFLOW) before any
 * route runs: when it is the request line that overflowed, that is the same 414 the routes answer for a long
 * address; otherwise the headers are too large (400).
 */
function answerFor(error: NodeJS.ErrnoException & { rawPacket?: Buffer }): { statusLine: string; error: Pick<ErrorResponse["error"], "code" | "message"> } {
	if (error.code === "HPE_HEADER_OVERFLOW" && requestLineTooLong(error.rawPacket)) {
		const tooLong = uriTooLong();
		return { statusLine: "HTTP/1.1 414 URI Too Long", error: { code: "uri_too_long", message: tooLong.message } };
	}
	const message = error.code === "HPE_HEADER_OVERFLOW" ? "The request headers are too large." : "The request is not valid HTTP/1.1.";
	return { statusLine: "HTTP/1.1 400 Bad Request", error: { code: "bad_request", message } };
}

/**
 * Requests Node's HTTP parser rejects (garbage request line, oversized headers) never reach Express; by
 * default Node answers them with an empty 400. Answer with the one error shape instead, so even those
 * clients get JSON, a request id and the protocol header.
 */
export function answerClientErrorsAsJson(server: Server, logger: Logger): void {
	server.on("clientError", (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => {
		// A reset or timed-out connection has nobody (or no time) left to read an answer.
		if (error.code === "ECONNRESET" || error.code === "ERR_HTTP_REQUEST_TIMEOUT" || !socket.writable) {
			socket.destroy();
			return;
		}
		const requestId = randomUUID();
		logger.debug({ requestId, code: error.code }, "unparseable HTTP request");
		const answer = answerFor(error);
		const body: ErrorResponse = { error: { ...answer.error, requestId } };
		const json = JSON.stringify(body);
		socket.end(
			[
				answer.statusLine,
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
