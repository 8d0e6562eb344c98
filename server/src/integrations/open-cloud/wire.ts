/**
 * What goes over the wire to Open Cloud: one request as built (integrations/open-cloud/requests.ts), the answer,
 * and the transport between them (live HTTPS or the dry-run recorder). The client, both transports and the
 * infrastructure seam all speak these types, so they live on their own and import nothing.
 */

export interface OpenCloudRequest {
	readonly method: string;
	readonly url: string;
	readonly headers: Record<string, string>;
	/** The exact bytes the live transport sends (built once by integrations/open-cloud/requests.ts for both transports). */
	readonly body?: Uint8Array | string;
	/** What dry-run records instead of the bytes (a place file or an image does not belong in a JSON line). */
	readonly bodyDescription?: string;
	/** The live transport gives up after this long (a timeout is retried like a 5xx). */
	readonly timeoutMs?: number;
}

export interface OpenCloudResponse {
	readonly status: number;
	readonly body: string;
	readonly dryRun: boolean;
	/** Lower-cased names; read for retry-after / x-ratelimit-reset. */
	readonly headers?: Record<string, string>;
}

export interface OpenCloudTransport {
	readonly driver: "dry-run" | "live";
	send(request: OpenCloudRequest): Promise<OpenCloudResponse>;
}
