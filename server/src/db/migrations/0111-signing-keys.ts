import type { MigrationFn } from "../migration";

/**
 * Access-token signing keys (Ed25519). The private JWK is stored encrypted under the master key (AES-256-GCM,
 * master key id inside the ciphertext). `current` signs; `previous` still verifies and is published in the
 * JWKS so tokens signed before a rotation stay valid; `retired` does neither. At most one key is current.
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q(`
		CREATE TABLE IF NOT EXISTS auth_signing_keys (
			kid text PRIMARY KEY,
			alg text NOT NULL CHECK (alg = 'EdDSA'),
			public_jwk jsonb NOT NULL,
			private_jwk_encrypted text NOT NULL,
			status text NOT NULL CHECK (status IN ('current', 'previous', 'retired')),
			created_at timestamptz NOT NULL DEFAULT now(),
			demoted_at timestamptz,
			retired_at timestamptz
		)`);
	await q("CREATE UNIQUE INDEX IF NOT EXISTS auth_signing_keys_one_current ON auth_signing_keys ((true)) WHERE status = 'current'");
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	await queryInterface.sequelize.query("DROP TABLE IF EXISTS auth_signing_keys");
};
