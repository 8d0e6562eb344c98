import { jose, type CryptoKey, type JWK } from "../jose";
import { QueryTypes, type Sequelize } from "sequelize";
import { clsNamespace } from "../../../db/cls";
import { generateSigningKey, SIGNING_ALG } from "./generate-signing-key";
import { insertSigningKey, PRIVATE_JWK_PURPOSE } from "./insert-signing-key";
import type { MasterKey } from "../../../crypto/master-key";
import { open } from "../../../crypto/secret-box";

interface KeyRow {
	readonly kid: string;
	readonly status: "current" | "previous";
	readonly publicJwk: JWK;
	readonly privateJwkEncrypted: string;
}

interface LoadedKey {
	readonly kid: string;
	readonly status: "current" | "previous";
	readonly publicJwk: JWK;
	readonly publicKey: CryptoKey;
}

export interface SigningKey {
	readonly kid: string;
	readonly privateKey: CryptoKey;
}

export interface SigningKeyStoreOptions {
	/** Re-read the keys this often, so a rotation made by another instance reaches this one. */
	readonly refreshMs?: number;
	/** A token with an unknown kid triggers a re-read at most this often (unknown kids are free for attackers to send). */
	readonly unknownKidReloadMs?: number;
	readonly now?: () => number;
}

/**
 * The signing keys as this instance sees them: loaded from the database, cached, and re-read periodically
 * and on a token with an unknown kid. The first key is created on first use when there is none.
 */
export class SigningKeyStore {
	private keys = new Map<string, LoadedKey>();
	private current: SigningKey | undefined;
	private loadedAt = Number.NEGATIVE_INFINITY;
	private lastUnknownKidReload = Number.NEGATIVE_INFINITY;
	private loading: Promise<void> | undefined;
	private readonly refreshMs: number;
	private readonly unknownKidReloadMs: number;
	private readonly now: () => number;

	constructor(
		private readonly db: Sequelize,
		private readonly master: MasterKey,
		options: SigningKeyStoreOptions = {},
	) {
		this.refreshMs = options.refreshMs ?? 5 * 60_000;
		this.unknownKidReloadMs = options.unknownKidReloadMs ?? 30_000;
		this.now = options.now ?? Date.now;
	}

	/** The key new tokens are signed with. */
	async signingKey(): Promise<SigningKey> {
		await this.fresh();
		if (this.current === undefined) {
			await this.createFirstKey();
			await this.reload();
		}
		if (this.current === undefined) throw new Error("No current signing key after creating one");
		return this.current;
	}

	/** The public key for a token's kid, or undefined when it is unknown or retired. */
	async verificationKey(kid: string): Promise<CryptoKey | undefined> {
		await this.fresh();
		const known = this.keys.get(kid);
		if (known !== undefined) return known.publicKey;
		if (this.now() - this.lastUnknownKidReload < this.unknownKidReloadMs) return undefined;
		this.lastUnknownKidReload = this.now();
		await this.reload();
		return this.keys.get(kid)?.publicKey;
	}

	/** Current and previous public keys, as served at /.well-known/jwks.json. */
	async publicJwks(): Promise<JWK[]> {
		await this.signingKey();
		return [...this.keys.values()].sort((a, b) => (a.status === b.status ? 0 : a.status === "current" ? -1 : 1)).map((key) => key.publicJwk);
	}

	/** Re-read now (after this instance rotated, or in tests). */
	async reload(): Promise<void> {
		// Inside a transaction, read in it (CLS) and never wait on a read started elsewhere: on embedded Postgres
		// (one connection) that other read waits for the connection this transaction holds, and neither would end.
		if (clsNamespace.get("transaction") !== undefined) return this.read();
		// Outside one, concurrent callers share one read.
		this.loading ??= this.read().finally(() => {
			this.loading = undefined;
		});
		await this.loading;
	}

	private async fresh(): Promise<void> {
		if (this.now() - this.loadedAt >= this.refreshMs) await this.reload();
	}

	private async read(): Promise<void> {
		const rows = await this.db.query<KeyRow>(
			`SELECT kid, status, public_jwk AS "publicJwk", private_jwk_encrypted AS "privateJwkEncrypted"
			 FROM auth_signing_keys WHERE status IN ('current', 'previous')`,
			{ type: QueryTypes.SELECT },
		);
		const keys = new Map<string, LoadedKey>();
		let current: SigningKey | undefined;
		for (const row of rows) {
			const publicKey = (await jose.importJWK(row.publicJwk, SIGNING_ALG)) as CryptoKey;
			keys.set(row.kid, { kid: row.kid, status: row.status, publicJwk: publicJwkOf(row.publicJwk), publicKey });
			if (row.status === "current") {
				const privateJwk = JSON.parse(open(this.master, row.privateJwkEncrypted, PRIVATE_JWK_PURPOSE)) as JWK;
				current = { kid: row.kid, privateKey: (await jose.importJWK(privateJwk, SIGNING_ALG)) as CryptoKey };
			}
		}
		this.keys = keys;
		this.current = current;
		this.loadedAt = this.now();
	}

	private async createFirstKey(): Promise<void> {
		// ON CONFLICT DO NOTHING: when another instance created it first, theirs is the current key (and an error
		// would abort a caller's transaction).
		await insertSigningKey(this.db, this.master, await generateSigningKey(), "current", { ifNoCurrent: true });
	}
}

/** Only the public members, whatever the row holds. */
function publicJwkOf(jwk: JWK): JWK {
	return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid: jwk.kid, alg: jwk.alg, use: "sig" } as JWK;
}
