/**
 * The end-to-end run's mailbox: outside production the service's outbox driver prints every mail's recipient,
 * subject and links, and the run reads sign-up links from the service's output, as a newcomer on the embedded
 * default would. The Luau specs ask for them over HTTP: GET /signup-token?email=… → {"token": "sgn_…"}.
 */
import { createServer, type Server } from "node:http";

const WAIT_MS = 15_000;

interface MailLine {
	readonly component?: unknown;
	readonly to?: unknown;
	readonly links?: unknown;
}

/** The token of the newest sign-up link the service printed for `email` (any letter case), if any yet. */
export function printedSignupToken(output: string, email: string): string | undefined {
	let token: string | undefined;
	for (const line of output.split("\n")) {
		if (!line.startsWith("{") || !line.includes('"component":"mail"')) continue;
		let entry: MailLine;
		try {
			entry = JSON.parse(line) as MailLine;
		} catch {
			continue;
		}
		if (typeof entry.to !== "string" || entry.to.toLowerCase() !== email.toLowerCase() || !Array.isArray(entry.links)) continue;
		for (const link of entry.links) {
			if (typeof link !== "string") continue;
			const url = new URL(link);
			if (url.pathname === "/sign-up/complete") token = url.searchParams.get("token") ?? token;
		}
	}
	return token;
}

/** Waits (up to 15 s) for the mail.send job to deliver the sign-up mail to `email`. */
export async function waitForSignupToken(output: () => string, email: string): Promise<string> {
	const deadline = Date.now() + WAIT_MS;
	for (;;) {
		const token = printedSignupToken(output(), email);
		if (token !== undefined) return token;
		if (Date.now() > deadline) throw new Error(`the service printed no sign-up link for ${email} within ${WAIT_MS / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

export function mailboxServer(output: () => string): Server {
	return createServer((req, res) => {
		const url = new URL(req.url ?? "/", "http://localhost");
		const email = url.searchParams.get("email");
		if (req.method !== "GET" || url.pathname !== "/signup-token" || email === null) {
			res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "GET /signup-token?email=…" }));
			return;
		}
		waitForSignupToken(output, email).then(
			(token) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ token })),
			(error: Error) => res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: error.message })),
		);
	});
}
