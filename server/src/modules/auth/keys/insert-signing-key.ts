import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import type { GeneratedSigningKey } from "./generate-signing-key";
import type { MasterKey } from "../../../crypto/master-key";
import { seal } from "../../../crypto/secret-box";

export const PRIVATE_JWK_PURPOSE = "auth_signing_keys.private_jwk";

export async function insertSigningKey(
	db: Sequelize,
	master: MasterKey,
	key: GeneratedSigningKey,
	status: "current" | "previous",
	options: { transaction?: Transaction; ifNoCurrent?: boolean } = {},
): Promise<void> {
	await db.query(
		`INSERT INTO auth_signing_keys (kid, alg, public_jwk, private_jwk_encrypted, status)
		 VALUES (:kid, 'EdDSA', CAST(:publicJwk AS jsonb), :privateJwk, :status)${options.ifNoCurrent === true ? " ON CONFLICT DO NOTHING" : ""}`,
		{
			type: QueryTypes.INSERT,
			replacements: {
				kid: key.kid,
				publicJwk: JSON.stringify(key.publicJwk),
				privateJwk: seal(master, JSON.stringify(key.privateJwk), PRIVATE_JWK_PURPOSE),
				status,
			},
			...(options.transaction === undefined ? {} : { transaction: options.transaction }),
		},
	);
}
