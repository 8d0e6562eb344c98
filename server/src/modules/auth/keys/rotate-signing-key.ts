import { QueryTypes, type Sequelize } from "sequelize";
import { ACCESS_TOKEN_TTL_SECONDS } from "../tokens/token-settings";
import { generateSigningKey } from "./generate-signing-key";
import { insertSigningKey } from "./insert-signing-key";
import type { MasterKey } from "../../../crypto/master-key";

/**
 * Makes a new current key. The old current becomes `previous`: still in the JWKS and still verifying, so
 * tokens it signed stay valid until they expire and nobody is signed out. Previous keys demoted long enough
 * ago that every token they signed has expired are retired (gone from the JWKS, no longer verify).
 */
export async function rotateSigningKey(db: Sequelize, master: MasterKey): Promise<{ kid: string; retired: string[] }> {
	const key = await generateSigningKey();
	const graceSeconds = ACCESS_TTL_GRACE_SECONDS;
	return db.transaction(async (transaction) => {
		const retired = await db.query<{ kid: string }>(
			`UPDATE auth_signing_keys SET status = 'retired', retired_at = now()
			 WHERE status = 'previous' AND demoted_at < now() - make_interval(secs => :graceSeconds) RETURNING kid`,
			{ type: QueryTypes.SELECT, replacements: { graceSeconds }, transaction },
		);
		await db.query("UPDATE auth_signing_keys SET status = 'previous', demoted_at = now() WHERE status = 'current'", { transaction });
		await insertSigningKey(db, master, key, "current", { transaction });
		return { kid: key.kid, retired: retired.map((row) => row.kid) };
	});
}

/** Beyond the token lifetime: clock skew, and instances still signing with their cached key until they re-read (5 min). */
export const ACCESS_TTL_GRACE_SECONDS = ACCESS_TOKEN_TTL_SECONDS + 10 * 60;
