import { s } from "@toolboxai/shared";
import { authServices, type AuthDeps } from "./auth-services";

/** RFC 7517 key set: the public half of the current and previous Ed25519 signing keys. */
export const Jwks = s.object(
	{
		keys: s.array(
			s.object({
				kty: s.literal("OKP"),
				crv: s.literal("Ed25519"),
				x: s.string({ minLength: 1, maxLength: 128 }),
				kid: s.string({ minLength: 1, maxLength: 64 }),
				alg: s.literal("EdDSA"),
				use: s.literal("sig"),
			}),
			{ maxItems: 50 },
		),
	},
	{ description: "JSON Web Key Set (RFC 7517): the keys access tokens are signed with, by kid." },
);

export async function getJwks(deps: AuthDeps): Promise<{ keys: Array<{ kty: "OKP"; crv: "Ed25519"; x: string; kid: string; alg: "EdDSA"; use: "sig" }> }> {
	const keys = await authServices(deps).keys.publicJwks();
	return { keys: keys.map((key) => ({ kty: "OKP", crv: "Ed25519", x: key.x as string, kid: key.kid as string, alg: "EdDSA", use: "sig" })) };
}
