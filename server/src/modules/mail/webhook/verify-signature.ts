import { createPublicKey, type KeyObject, verify } from "node:crypto";

/** SendGrid documents no tolerance: events signed longer ago than this (or this far ahead) are refused as replays. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export const SIGNATURE_HEADER = "x-twilio-email-event-webhook-signature";
export const TIMESTAMP_HEADER = "x-twilio-email-event-webhook-timestamp";

/** The key SendGrid shows for a signed webhook: base64 of its DER (SPKI) form, or the same as PEM. */
export function sendGridPublicKey(text: string): KeyObject {
	const trimmed = text.trim();
	if (trimmed.startsWith("-----BEGIN")) return createPublicKey(trimmed);
	return createPublicKey({ key: Buffer.from(trimmed, "base64"), format: "der", type: "spki" });
}

export type SignatureCheck = "valid" | "invalid" | "stale";

/**
 * ECDSA (P-256, SHA-256) over the timestamp header's text followed by the raw body, exactly as received: a body
 * parsed and serialized again would not verify. The signature header is base64 of the DER-encoded signature.
 */
export function checkSendGridSignature(
	key: KeyObject,
	input: { readonly signature: string | undefined; readonly timestamp: string | undefined; readonly rawBody: Buffer; readonly nowSeconds: number },
): SignatureCheck {
	const { signature, timestamp } = input;
	if (signature === undefined || timestamp === undefined || !/^\d{1,12}$/.test(timestamp) || signature.length > 200) return "invalid";
	let valid: boolean;
	try {
		valid = verify("sha256", Buffer.concat([Buffer.from(timestamp, "utf8"), input.rawBody]), key, Buffer.from(signature, "base64"));
	} catch {
		return "invalid";
	}
	if (!valid) return "invalid";
	return Math.abs(input.nowSeconds - Number(timestamp)) > WEBHOOK_TOLERANCE_SECONDS ? "stale" : "valid";
}
