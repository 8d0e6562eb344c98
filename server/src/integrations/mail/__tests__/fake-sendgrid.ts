/**
 * A local stand-in for SendGrid's v3 API, enough for the real `@sendgrid/mail` and `@sendgrid/client`: POST
 * /v3/mail/send answers 202 with an X-Message-Id (checking the bearer key), DELETE /v3/suppression/bounces/{email}
 * answers 204. Tests script the next answers (a 429 with rate-limit headers, a 5xx, a 400 with SendGrid's error body)
 * and read every request it received.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
	readonly method: string;
	readonly path: string;
	readonly headers: IncomingHttpHeaders;
	readonly body: unknown;
	/** The X-Message-Id answered (accepted sends only). */
	readonly messageId?: string;
	readonly status: number;
	/** When it arrived (ms since the epoch). */
	readonly receivedAt: number;
}

export interface ScriptedAnswer {
	readonly status: number;
	readonly headers?: Readonly<Record<string, string>>;
	readonly body?: unknown;
}

export interface FakeSendGrid {
	readonly url: string;
	readonly requests: ReceivedRequest[];
	/** The next answers to POST /v3/mail/send, in order; after them, 202 again. */
	script(...answers: ScriptedAnswer[]): void;
	sends(): ReceivedRequest[];
	close(): Promise<void>;
}

export async function startFakeSendGrid(apiKey: string): Promise<FakeSendGrid> {
	const requests: ReceivedRequest[] = [];
	const scripted: ScriptedAnswer[] = [];
	const server: Server = createServer((req, res) => {
		const receivedAt = Date.now();
		const chunks: Buffer[] = [];
		req.on("data", (chunk: Buffer) => chunks.push(chunk));
		req.on("end", () => {
			const text = Buffer.concat(chunks).toString("utf8");
			const body: unknown = text === "" ? undefined : JSON.parse(text);
			const path = req.url ?? "";
			const answer = (status: number, headers: Record<string, string> = {}, payload?: unknown, messageId?: string) => {
				requests.push({ method: req.method ?? "", path, headers: req.headers, body, status, receivedAt, ...(messageId === undefined ? {} : { messageId }) });
				res.writeHead(status, { "content-type": "application/json", ...headers });
				res.end(payload === undefined ? "" : JSON.stringify(payload));
			};
			if (req.headers.authorization !== `Bearer ${apiKey}`)
				return answer(401, {}, { errors: [{ message: "The provided authorization grant is invalid, expired, or revoked", field: null, help: null }] });
			if (req.method === "POST" && path === "/v3/mail/send") {
				const next = scripted.shift();
				if (next !== undefined) return answer(next.status, next.headers ?? {}, next.body);
				const messageId = randomBytes(11).toString("base64url");
				const reset = String(Math.floor(Date.now() / 1000) + 60);
				return answer(202, { "x-message-id": messageId, "x-ratelimit-limit": "600", "x-ratelimit-remaining": "599", "x-ratelimit-reset": reset }, undefined, messageId);
			}
			if (req.method === "DELETE" && path.startsWith("/v3/suppression/bounces/")) return answer(204);
			return answer(404, {}, { errors: [{ message: `no fake for ${req.method} ${path}` }] });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		script: (...answers) => scripted.push(...answers),
		sends: () => requests.filter((r) => r.method === "POST" && r.path === "/v3/mail/send"),
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
