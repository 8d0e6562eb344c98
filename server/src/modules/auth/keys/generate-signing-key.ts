import { randomBytes } from "node:crypto";
import { jose, type JWK } from "../jose";

export const SIGNING_ALG = "EdDSA";

export interface GeneratedSigningKey {
	readonly kid: string;
	readonly publicJwk: JWK;
	readonly privateJwk: JWK;
}

/** A fresh Ed25519 key pair with a random, opaque key id (it appears in every token header). */
export async function generateSigningKey(): Promise<GeneratedSigningKey> {
	const { publicKey, privateKey } = await jose.generateKeyPair(SIGNING_ALG, { crv: "Ed25519", extractable: true });
	const kid = `k_${randomBytes(9).toString("base64url")}`;
	const publicJwk: JWK = { ...(await jose.exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: "sig" };
	const privateJwk: JWK = { ...(await jose.exportJWK(privateKey)), kid, alg: SIGNING_ALG };
	return { kid, publicJwk, privateJwk };
}
