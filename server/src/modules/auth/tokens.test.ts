import { createHash, createHmac, randomUUID } from "node:crypto";
import request from "supertest";
import { QueryTypes } from "sequelize";
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from "../../http/__tests__/harness";
import { PASSWORD, seedTenant, seedUser } from "./__tests__/seed";
import { authServices } from "./auth-services";
import { jose } from "./jose";
import { rotateSigningKey } from "./keys/rotate-signing-key";
import { SigningKeyStore } from "./keys/signing-key-store";
import { signAccessToken } from "./tokens/sign-access-token";
import { InvalidAccessToken, verifyAccessToken } from "./tokens/verify-access-token";

let database: TestDatabase;
let t: TestApp;
let tenantId: string;
let userId: string;

beforeAll(async () => {
	database = await createTestDatabase("auth_tokens");
	t = await startTestApp({ database });
	tenantId = await seedTenant(t.infra.db, "Maple Grove");
	userId = await seedUser(t.infra.db, "teacher@maple.example", [{ tenantId, role: "teacher" }]);
});

afterAll(async () => {
	await t?.close();
	await database?.drop();
});

async function signIn(): Promise<{ accessToken: string; refreshToken: string }> {
	const res = await request(t.app).post("/v1/auth/login").send({ email: "teacher@maple.example", password: PASSWORD });
	expect(res.status).toBe(200);
	return res.body;
}

function me(token: string) {
	return request(t.app).get("/v1/me").set("Authorization", `Bearer ${token}`);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
function parts(token: string): { header: Record<string, unknown>; payload: Record<string, unknown>; signature: string } {
	const [header, payload, signature] = token.split(".") as [string, string, string];
	return { header: JSON.parse(Buffer.from(header, "base64url").toString()), payload: JSON.parse(Buffer.from(payload, "base64url").toString()), signature };
}

/** A token signed with the real current private key but with chosen claims (to test claim checks alone). */
async function signedWith(claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
	const key = await authServices(t).keys.signingKey();
	return new jose.SignJWT(claims).setProtectedHeader({ alg: "EdDSA", kid: key.kid, ...header }).sign(key.privateKey);
}

describe("access token shape", () => {
	it("is EdDSA with a kid, and carries iss, aud, sub, tid, roles, sid, iat, exp (15 min) and jti", async () => {
		const { accessToken } = await signIn();
		const { header, payload } = parts(accessToken);
		expect(header).toEqual({ alg: "EdDSA", kid: expect.stringMatching(/^k_/), typ: "JWT" });
		expect(payload).toEqual({
			iss: t.config.publicUrl,
			aud: "toolboxai",
			sub: userId,
			tid: tenantId,
			roles: ["teacher"],
			sid: expect.stringMatching(/^[0-9a-f-]{36}$/),
			iat: expect.any(Number),
			exp: (payload.iat as number) + 900,
			jti: expect.any(String),
		});
	});
});

describe("JWT negative cases: every one answers 401", () => {
	let good: string;
	let claims: Record<string, unknown>;
	beforeAll(async () => {
		good = (await signIn()).accessToken;
		claims = parts(good).payload;
		expect((await me(good)).status).toBe(200);
	});

	it("alg none", async () => {
		const token = `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
		expect((await me(token)).status).toBe(401);
	});

	it("HS256 signed with the public key as the HMAC secret", async () => {
		const { keys } = await (await request(t.app).get("/.well-known/jwks.json")).body;
		const kid = parts(good).header.kid;
		const publicJwk = keys.find((key: { kid: string }) => key.kid === kid);
		for (const secret of [JSON.stringify(publicJwk), publicJwk.x as string, Buffer.from(publicJwk.x as string, "base64url").toString("binary")]) {
			const body = `${b64({ alg: "HS256", kid, typ: "JWT" })}.${b64(claims)}`;
			const token = `${body}.${createHmac("sha256", secret).update(body).digest("base64url")}`;
			expect((await me(token)).status).toBe(401);
		}
	});

	it("unknown kid", async () => {
		const key = await authServices(t).keys.signingKey();
		const token = await new jose.SignJWT(claims).setProtectedHeader({ alg: "EdDSA", kid: "k_unknown" }).sign(key.privateKey);
		expect((await me(token)).status).toBe(401);
	});

	it("a key we never had (right kid, foreign signature)", async () => {
		const { privateKey } = await jose.generateKeyPair("EdDSA", { crv: "Ed25519" });
		const token = await new jose.SignJWT(claims).setProtectedHeader({ alg: "EdDSA", kid: parts(good).header.kid as string }).sign(privateKey);
		expect((await me(token)).status).toBe(401);
	});

	it("expired", async () => {
		const now = Math.floor(Date.now() / 1000);
		expect((await me(await signedWith({ ...claims, iat: now - 1000, exp: now - 100 }))).status).toBe(401);
	});

	it("a lifetime over 15 minutes", async () => {
		const now = Math.floor(Date.now() / 1000);
		expect((await me(await signedWith({ ...claims, iat: now, exp: now + 3600 }))).status).toBe(401);
	});

	it("wrong aud, wrong iss, missing exp", async () => {
		expect((await me(await signedWith({ ...claims, aud: "someone-else" }))).status).toBe(401);
		expect((await me(await signedWith({ ...claims, iss: "https://evil.example" }))).status).toBe(401);
		const { exp: _exp, ...withoutExp } = claims;
		expect((await me(await signedWith(withoutExp))).status).toBe(401);
		// The same claims signed the same way are accepted: the refusals above are about the claim alone.
		expect((await me(await signedWith(claims))).status).toBe(200);
	});

	it("tampered payload (roles raised) and tampered signature", async () => {
		const { signature } = parts(good);
		const [header] = good.split(".");
		const tampered = `${header}.${b64({ ...claims, roles: ["platform_admin"] })}.${signature}`;
		expect((await me(tampered)).status).toBe(401);
		const at = good.length - 20;
		const flipped = good.slice(0, at) + (good[at] === "A" ? "B" : "A") + good.slice(at + 1);
		expect((await me(flipped)).status).toBe(401);
	});

	it("a session that does not exist, and a token for someone else's session", async () => {
		expect((await me(await signedWith({ ...claims, sid: randomUUID() }))).status).toBe(401);
		expect((await me(await signedWith({ ...claims, sub: randomUUID() }))).status).toBe(401);
	});

	it("a revoked session: after logout", async () => {
		const tokens = await signIn();
		expect((await request(t.app).post("/v1/auth/logout").set("Authorization", `Bearer ${tokens.accessToken}`).send({})).status).toBe(200);
		expect((await me(tokens.accessToken)).status).toBe(401);
	});

	it("a revoked session: after refresh token reuse", async () => {
		const tokens = await signIn();
		const rotated = await request(t.app).post("/v1/auth/refresh").send({ refreshToken: tokens.refreshToken });
		expect((await me(rotated.body.accessToken)).status).toBe(200);
		// Past the reuse interval (the rotation is moved back in time), a replay is theft.
		await t.infra.db.query("UPDATE auth_refresh_tokens SET rotated_at = rotated_at - interval '31 seconds' WHERE token_hash = :hash", {
			replacements: { hash: createHash("sha256").update(tokens.refreshToken).digest() },
		});
		expect((await request(t.app).post("/v1/auth/refresh").send({ refreshToken: tokens.refreshToken })).status).toBe(401);
		expect((await me(tokens.accessToken)).status).toBe(401);
		expect((await me(rotated.body.accessToken)).status).toBe(401);
	});
});

describe("signing keys", () => {
	it("serves the current key in the JWKS, public members only", async () => {
		const res = await request(t.app).get("/.well-known/jwks.json");
		expect(res.status).toBe(200);
		expect(res.headers["cache-control"]).toBe("public, max-age=300");
		expect(res.body.keys.length).toBeGreaterThanOrEqual(1);
		for (const key of res.body.keys) {
			expect(Object.keys(key).sort()).toEqual(["alg", "crv", "kid", "kty", "use", "x"]);
			expect(key).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig" });
		}
		const [row] = await t.infra.db.query<{ private_jwk_encrypted: string }>("SELECT private_jwk_encrypted FROM auth_signing_keys WHERE status = 'current'", {
			type: QueryTypes.SELECT,
		});
		// The private key is stored sealed (v1.<master key id>...), never as a JWK.
		expect(row?.private_jwk_encrypted).toMatch(/^v1\.[0-9a-f]{8}\./);
		expect(row?.private_jwk_encrypted).not.toContain('"d"');
	});

	it("rotation: old tokens keep working, new tokens use the new kid, both keys are published", async () => {
		const before = await signIn();
		const oldKid = parts(before.accessToken).header.kid as string;
		const { kid: newKid } = await rotateSigningKey(t.infra.db, authServices(t).master);
		// This instance meets the new kid in a token (another instance signed it) and picks the key up at once.
		const store = authServices(t).keys;
		const foreign = await signAccessToken(store, t.config.publicUrl, { userId, tenantId, roles: ["teacher"], sessionId: parts(before.accessToken).payload.sid as string });
		expect(parts(foreign).header.kid).toBe(oldKid);
		await store.reload();
		const after = await signIn();
		expect(parts(after.accessToken).header.kid).toBe(newKid);
		expect((await me(before.accessToken)).status).toBe(200);
		expect((await me(after.accessToken)).status).toBe(200);
		const refreshed = await request(t.app).post("/v1/auth/refresh").send({ refreshToken: before.refreshToken });
		expect(parts(refreshed.body.accessToken).header.kid).toBe(newKid);
		const jwks = (await request(t.app).get("/.well-known/jwks.json")).body.keys.map((key: { kid: string }) => key.kid);
		expect(jwks[0]).toBe(newKid);
		expect(jwks).toContain(oldKid);
	});

	it("a verifier that has not re-read the keys picks up a new kid at once, re-reading at most every 30 s", async () => {
		let clock = 1_000_000;
		const verifier = new SigningKeyStore(t.infra.db, authServices(t).master, { now: () => clock });
		await verifier.signingKey();
		const signer = new SigningKeyStore(t.infra.db, authServices(t).master);
		const sessionId = parts((await signIn()).accessToken).payload.sid as string;
		const claims = { userId, tenantId, roles: ["teacher" as const], sessionId };

		const first = await rotateSigningKey(t.infra.db, authServices(t).master);
		await signer.reload();
		const tokenA = await signAccessToken(signer, t.config.publicUrl, claims);
		expect(parts(tokenA).header.kid).toBe(first.kid);
		await expect(verifyAccessToken(verifier, t.config.publicUrl, tokenA)).resolves.toMatchObject({ userId, sessionId });

		// A second rotation right away: unknown kids cannot make this instance hit the database on every request.
		const second = await rotateSigningKey(t.infra.db, authServices(t).master);
		await signer.reload();
		const tokenB = await signAccessToken(signer, t.config.publicUrl, claims);
		expect(parts(tokenB).header.kid).toBe(second.kid);
		await expect(verifyAccessToken(verifier, t.config.publicUrl, tokenB)).rejects.toThrow(InvalidAccessToken);
		clock += 30_000;
		await expect(verifyAccessToken(verifier, t.config.publicUrl, tokenB)).resolves.toMatchObject({ userId });
		// The periodic re-read (every 5 min) brings the key this instance signs with up to date.
		expect((await verifier.signingKey()).kid).toBe(second.kid);
		const third = await rotateSigningKey(t.infra.db, authServices(t).master);
		expect((await verifier.signingKey()).kid).toBe(second.kid);
		clock += 5 * 60_000;
		expect((await verifier.signingKey()).kid).toBe(third.kid);
	});

	it("retires previous keys once every token they signed has expired; retired keys stop verifying", async () => {
		const tokens = await signIn();
		const kid = parts(tokens.accessToken).header.kid as string;
		await rotateSigningKey(t.infra.db, authServices(t).master);
		await t.infra.db.query("UPDATE auth_signing_keys SET demoted_at = now() - interval '1 hour' WHERE kid = :kid", { replacements: { kid } });
		const { retired } = await rotateSigningKey(t.infra.db, authServices(t).master);
		expect(retired).toContain(kid);
		await authServices(t).keys.reload();
		expect((await request(t.app).get("/.well-known/jwks.json")).body.keys.map((key: { kid: string }) => key.kid)).not.toContain(kid);
		expect((await me(tokens.accessToken)).status).toBe(401);
	});
});
