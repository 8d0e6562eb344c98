import { isUuid } from "@toolboxai/shared/node";
import { jose, type JWTHeaderParameters, type JWTPayload } from "../jose";
import { ROLES, type Role } from "@toolboxai/shared";
import { SIGNING_ALG } from "../keys/generate-signing-key";
import type { SigningKeyStore } from "../keys/signing-key-store";
import { ACCESS_TOKEN_TTL_SECONDS, TOKEN_AUDIENCE } from "./token-settings";
import type { AccessTokenClaims } from "./sign-access-token";

/** Why a token was refused (logged, never sent: the client only learns it is not accepted). */
export class InvalidAccessToken extends Error {
	constructor(readonly reason: string) {
		super(`access token refused: ${reason}`);
		this.name = "InvalidAccessToken";
	}
}

const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * Checks signature and claims: EdDSA only (no `none`, no HMAC with a public key), the key picked by kid
 * among current and previous keys, iss and aud exact, exp required and not past, lifetime ≤ 15 min.
 * Revocation (the session behind `sid`) is checked by the caller, which has the database.
 */
export async function verifyAccessToken(keys: SigningKeyStore, issuer: string, token: string): Promise<AccessTokenClaims> {
	let payload: JWTPayload;
	try {
		({ payload } = await jose.jwtVerify(
			token,
			async (header: JWTHeaderParameters) => {
				if (header.alg !== SIGNING_ALG) throw new InvalidAccessToken(`algorithm ${String(header.alg)} is not accepted`);
				if (typeof header.kid !== "string") throw new InvalidAccessToken("no kid");
				const key = await keys.verificationKey(header.kid);
				if (key === undefined) throw new InvalidAccessToken("unknown kid");
				return key;
			},
			{
				algorithms: [SIGNING_ALG],
				issuer,
				audience: TOKEN_AUDIENCE,
				requiredClaims: ["iss", "aud", "sub", "exp", "iat", "jti", "tid", "sid"],
				clockTolerance: CLOCK_TOLERANCE_SECONDS,
				maxTokenAge: ACCESS_TOKEN_TTL_SECONDS + CLOCK_TOLERANCE_SECONDS,
			},
		));
	} catch (error) {
		if (error instanceof InvalidAccessToken) throw error;
		if (error instanceof jose.errors.JOSEError) throw new InvalidAccessToken(error.code);
		throw new InvalidAccessToken("malformed");
	}
	const { sub, tid, sid, roles, exp, iat } = payload;
	if (typeof sub !== "string" || !isUuid(sub)) throw new InvalidAccessToken("bad sub");
	if (typeof tid !== "string" || !isUuid(tid)) throw new InvalidAccessToken("bad tid");
	if (typeof sid !== "string" || !isUuid(sid)) throw new InvalidAccessToken("bad sid");
	if (!Array.isArray(roles) || !roles.every((role): role is Role => (ROLES as ReadonlyArray<unknown>).includes(role))) throw new InvalidAccessToken("bad roles");
	// A token we signed never lives longer than 15 minutes; a longer one was not made by us.
	if (exp === undefined || iat === undefined || exp - iat > ACCESS_TOKEN_TTL_SECONDS) throw new InvalidAccessToken("lifetime too long");
	return { userId: sub, tenantId: tid, sessionId: sid, roles };
}
