import { verify } from "@node-rs/argon2";
import { QueryTypes, type Sequelize } from "sequelize";
import { captureLogger } from "../../../db/__tests__/silent-logger";
import { createTempDatabase, type TempDatabase } from "../../../db/__tests__/temp-database";
import { migrate } from "../../../db/migrate";
import { createSequelize } from "../../../db/sequelize";
import { AppError } from "../../../errors/app-error";
import { createUser } from "../users/create-user";
import { checkPasswordPolicy } from "./password-policy";
import { verifyPassword } from "./verify-password";

// The real argon2, watched: a test counts the verifications an unknown account costs.
jest.mock("@node-rs/argon2", () => {
	const actual = jest.requireActual<typeof import("@node-rs/argon2")>("@node-rs/argon2");
	return { ...actual, verify: jest.fn(actual.verify) };
});
const verifications = verify as jest.MockedFunction<typeof verify>;

const { logger } = captureLogger();
let database: TempDatabase;
let db: Sequelize;

beforeAll(async () => {
	database = await createTempDatabase("auth_passwords");
	db = createSequelize({ url: database.url, poolMax: 2, logger });
	await migrate({ db, logger });
});

afterAll(async () => {
	await db.close();
	await database.drop();
});

function policyCode(password: string, email?: string): string | undefined {
	try {
		checkPasswordPolicy(password, email === undefined ? {} : { email });
		return undefined;
	} catch (error) {
		expect(error).toBeInstanceOf(AppError);
		return ((error as AppError).details as { issues: Array<{ code: string }> }).issues[0]?.code;
	}
}

test("the policy: 12 to 128 characters, no common password, no email name inside", () => {
	expect(policyCode("short pass")).toBe("password_length");
	expect(policyCode("x".repeat(129))).toBe("password_length");
	expect(policyCode("Password1234")).toBe("password_common");
	expect(policyCode("qwerty 123456")).toBe("password_common");
	expect(policyCode("zzzzzzzzzzzzzz")).toBe("password_common");
	expect(policyCode("ms.rivera likes tea", "Ms.Rivera@school.example")).toBe("password_contains_email");
	expect(policyCode("plum orchard lantern 42", "ms.rivera@school.example")).toBeUndefined();
	// Very short local parts are not checked (they would refuse too much).
	expect(policyCode("al is learning fast", "al@school.example")).toBeUndefined();
});

test("createUser stores an argon2id hash, normalises the email, refuses duplicates with conflict", async () => {
	const user = await createUser(db, { email: "New.Teacher@School.example", password: "plum orchard lantern 42", displayName: "New Teacher" });
	expect(user).toEqual({ id: expect.any(String), email: "New.Teacher@School.example", displayName: "New Teacher" });
	const [row] = await db.query<{ email_normalized: string; password_hash: string }>("SELECT email_normalized, password_hash FROM users WHERE id = :id", {
		type: QueryTypes.SELECT,
		replacements: { id: user.id },
	});
	expect(row?.email_normalized).toBe("new.teacher@school.example");
	expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
	expect(await verifyPassword(row?.password_hash, "plum orchard lantern 42")).toBe(true);
	expect(await verifyPassword(row?.password_hash, "plum orchard lantern 43")).toBe(false);
	await expect(createUser(db, { email: "new.teacher@school.example", password: "another good passphrase", displayName: "Copy" })).rejects.toMatchObject({ code: "conflict" });
	await expect(createUser(db, { email: "weak@school.example", password: "password1234", displayName: "Weak" })).rejects.toMatchObject({ code: "validation_failed" });
	const student = await createUser(db, { displayName: "Student", robloxUserId: 4242 });
	expect(student).toEqual({ id: expect.any(String), displayName: "Student" });
	await expect(createUser(db, { displayName: "Student again", robloxUserId: 4242 })).rejects.toMatchObject({ code: "conflict" });
});

test("an unknown account costs a full argon2 check, so timing does not reveal it", async () => {
	const [row] = await db.query<{ password_hash: string }>("SELECT password_hash FROM users WHERE password_hash IS NOT NULL LIMIT 1", { type: QueryTypes.SELECT });
	const real = row?.password_hash ?? "";
	verifications.mockClear();
	expect(await verifyPassword(undefined, "wrong password here")).toBe(false);
	expect(await verifyPassword(null, "wrong password here")).toBe(false);
	// Each unknown case ran one argon2 verification, against a hash made with the real hashes' parameters.
	expect(verifications).toHaveBeenCalledTimes(2);
	const parameters = (hash: string) => hash.split("$").slice(1, 4).join("$");
	for (const [dummy] of verifications.mock.calls) expect(parameters(String(dummy))).toBe(parameters(real));
	expect(parameters(real)).toMatch(/^argon2id\$v=19\$m=\d+,t=\d+,p=\d+$/);
	expect(await verifyPassword("not-a-hash", "anything at all here")).toBe(false);
});
