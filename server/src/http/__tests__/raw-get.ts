import { request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";

export interface RawReply {
	readonly status: number;
	readonly headers: IncomingHttpHeaders;
	/** The bytes as sent on the wire: not decompressed (supertest and fetch would undo the encoding under test). */
	readonly body: Buffer;
}

/** One listening server per test file for byte-level requests; close it in afterAll. */
export function listen(app: Express): Promise<Server> {
	return new Promise((resolve) => {
		const server = app.listen(0, "127.0.0.1", () => resolve(server));
	});
}

export function rawRequest(server: Server, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawReply> {
	const { port } = server.address() as AddressInfo;
	return new Promise((resolve, reject) => {
		const req = httpRequest({ host: "127.0.0.1", port, method, path, headers: body === undefined ? headers : { "Content-Type": "application/json", ...headers } }, (res) => {
			const chunks: Buffer[] = [];
			res.on("data", (chunk: Buffer) => chunks.push(chunk));
			res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
			res.on("error", reject);
		});
		req.on("error", reject);
		req.end(body);
	});
}
