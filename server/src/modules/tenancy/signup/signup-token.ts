import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes: single use and short-lived, so a plain SHA-256 at rest is enough (nothing to guess). */
export function generateSignupToken(): { token: string; hash: Buffer } {
	const token = `sgn_${randomBytes(32).toString("base64url")}`;
	return { token, hash: hashSignupToken(token) };
}

export function hashSignupToken(token: string): Buffer {
	return createHash("sha256").update(token, "utf8").digest();
}

/** A day: long enough to find the mail the next morning, short enough that a forgotten link goes stale. */
export const SIGNUP_LINK_TTL_SECONDS = 24 * 60 * 60;

/** The dashboard page that finishes a sign-up (server/dashboard/src/pages/sign-up). */
export function signupLink(publicUrl: string, token: string): string {
	return `${publicUrl}/sign-up/complete?token=${encodeURIComponent(token)}`;
}
