/** A fetch that answers from a script, recording what it was sent: for unit tests of the CLI's own logic. */
export interface SentRequest {
	readonly method: string;
	readonly path: string;
	readonly headers: Record<string, string>;
	readonly json?: unknown;
	readonly bytes?: Buffer;
}

export interface ScriptedReply {
	readonly status: number;
	readonly body?: unknown;
	readonly text?: string;
	readonly headers?: Record<string, string>;
}

export function scriptedFetch(answer: (request: SentRequest) => ScriptedReply | Error) {
	const sent: SentRequest[] = [];
	const fetchImpl = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
		const url = new URL(String(input));
		const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
		let json: unknown;
		let bytes: Buffer | undefined;
		if (typeof init?.body === "string") json = JSON.parse(init.body);
		else if (init?.body !== undefined && init.body !== null) bytes = Buffer.from(await new Response(init.body as ReadableStream).arrayBuffer());
		const request: SentRequest = { method: init?.method ?? "GET", path: `${url.pathname}${url.search}`, headers, json, bytes };
		sent.push(request);
		const reply = answer(request);
		if (reply instanceof Error) throw reply;
		const text = reply.text ?? (reply.body === undefined ? "" : JSON.stringify(reply.body));
		return new Response(text === "" ? null : text, { status: reply.status, headers: { "content-type": "application/json", ...reply.headers } });
	};
	return { sent, fetch: fetchImpl as typeof fetch };
}

export function serviceError(status: number, code: string, message: string): ScriptedReply {
	return { status, body: { error: { code, message, requestId: "req-1" } } };
}
