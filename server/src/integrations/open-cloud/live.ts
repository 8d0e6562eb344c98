/**
 * Open Cloud over HTTPS (fetch). Sends the request as built, gives up after `timeoutMs`, and answers every HTTP
 * status as is: retrying and error mapping belong to the client, so dry-run and live differ only here.
 */
import { OpenCloudError } from "./errors";
import type { OpenCloudRequest, OpenCloudResponse, OpenCloudTransport } from "./wire";

const DEFAULT_TIMEOUT_MS = 60_000;

export function createLiveOpenCloud(): OpenCloudTransport {
	return {
		driver: "live",
		async send(request: OpenCloudRequest): Promise<OpenCloudResponse> {
			const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
			let response: Response;
			let body: string;
			try {
				response = await fetch(request.url, {
					method: request.method,
					headers: request.headers,
					...(request.body === undefined ? {} : { body: request.body }),
					signal: AbortSignal.timeout(timeoutMs),
				});
				// Inside the same timeout: an answer whose body stalls is no answer.
				body = await response.text();
			} catch (error) {
				const timedOut = (error as Error).name === "TimeoutError";
				throw new OpenCloudError({
					status: 0,
					code: timedOut ? "timeout" : "network",
					message: timedOut
						? `${request.method} ${new URL(request.url).pathname}: no answer from Open Cloud within ${timeoutMs} ms`
						: `${request.method} ${new URL(request.url).pathname}: could not reach Open Cloud (${(error as Error).message})`,
					retryable: true,
				});
			}
			const headers: Record<string, string> = {};
			response.headers.forEach((value, name) => {
				headers[name.toLowerCase()] = value;
			});
			return { status: response.status, body, dryRun: false, headers };
		},
	};
}
