import { randomUUID } from "node:crypto";
import { jose } from "../jose";
import type { Role } from "@toolboxai/shared";
import { SIGNING_ALG } from "../keys/generate-signing-key";
import type { SigningKeyStore } from "../keys/signing-key-store";
import { ACCESS_TOKEN_TTL_SECONDS, TOKEN_AUDIENCE } from "./token-settings";

export interface AccessTokenClaims {
	readonly userId: string;
	readonly tenantId: string;
	readonly roles: ReadonlyArray<Role>;
	readonly sessionId: string;
}

/** An EdDSA JWT: kid in the header; iss, aud, sub, tid, roles, sid, iat, exp (≤ 15 min) and jti. */
export async function signAccessToken(keys: SigningKeyStore, issuer: string, claims: AccessTokenClaims, now = new Date()): Promise<string> {
	const key = await keys.signingKey();
	const issuedAt = Math.floor(now.getTime() / 1000);
	return new jose.SignJWT({ tid: claims.tenantId, roles: [...claims.roles], sid: claims.sessionId })
		.setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: "JWT" })
		.setIssuer(issuer)
		.setAudience(TOKEN_AUDIENCE)
		.setSubject(claims.userId)
		.setIssuedAt(issuedAt)
		.setExpirationTime(issuedAt + ACCESS_TOKEN_TTL_SECONDS)
		.setJti(randomUUID())
		.sign(key.privateKey);
}
