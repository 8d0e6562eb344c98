import { AppError } from "../../../errors/app-error";
import type { AppDependencies } from "../../../http/app-module";
import { applyEvent, readEvent } from "./apply-events";
import { checkSendGridSignature, sendGridPublicKey } from "./verify-signature";

export interface ReceiveEvents {
	readonly rawBody: Buffer;
	readonly signature?: string;
	readonly timestamp?: string;
	readonly nowSeconds?: number;
}

/**
 * SendGrid's event webhook: checks the signature before reading a byte of the body (a bad or missing one is 401, a
 * stale one 400, and nothing is stored), then applies each event once. Duplicates answer 200 all the same, so
 * SendGrid stops redelivering them.
 */
export async function receiveSendGridEvents(deps: Pick<AppDependencies, "config" | "infra">, input: ReceiveEvents): Promise<{ received: number; applied: number }> {
	const keyText = deps.config.mail?.webhookPublicKey;
	if (keyText === undefined) throw new AppError("unauthenticated", "The mail event webhook is not configured (SENDGRID_WEBHOOK_PUBLIC_KEY).");
	const check = checkSendGridSignature(publicKey(keyText), {
		signature: input.signature,
		timestamp: input.timestamp,
		rawBody: input.rawBody,
		nowSeconds: input.nowSeconds ?? Math.floor(Date.now() / 1000),
	});
	if (check === "invalid") throw new AppError("unauthenticated", "The event webhook signature does not verify.");
	if (check === "stale") throw new AppError("bad_request", "The event webhook timestamp is too old (or too far ahead): refused as a possible replay.");
	let body: unknown;
	try {
		body = JSON.parse(input.rawBody.toString("utf8"));
	} catch {
		throw new AppError("bad_request", "The event webhook body is not JSON.");
	}
	if (!Array.isArray(body)) throw new AppError("bad_request", "The event webhook body must be a JSON array of events.");
	let applied = 0;
	for (const item of body) {
		const event = readEvent(item);
		if (event !== undefined && (await applyEvent(deps.infra.db, event))) applied++;
	}
	return { received: body.length, applied };
}

const keys = new Map<string, ReturnType<typeof sendGridPublicKey>>();

function publicKey(text: string): ReturnType<typeof sendGridPublicKey> {
	let key = keys.get(text);
	if (key === undefined) {
		try {
			key = sendGridPublicKey(text);
		} catch {
			throw new AppError("unauthenticated", "The mail event webhook's public key (SENDGRID_WEBHOOK_PUBLIC_KEY) cannot be read.");
		}
		keys.set(text, key);
	}
	return key;
}
