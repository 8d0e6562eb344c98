import { QueryTypes, UniqueConstraintError, type Sequelize, type Transaction } from "sequelize";
import { AppError } from "../../../errors/app-error";
import { hashPassword } from "../passwords/hash-password";
import { checkPasswordPolicy } from "../passwords/password-policy";
import { normalizeEmail } from "./normalize-email";

export interface NewUser {
	readonly email?: string;
	/** Checked against the password policy, then stored as an argon2id hash. Absent for students (Roblox sign-in). */
	readonly password?: string;
	readonly displayName: string;
	readonly robloxUserId?: number;
}

export interface CreatedUser {
	readonly id: string;
	readonly email?: string;
	readonly displayName: string;
}

/**
 * Creates a person (users are global; memberships tie them to tenants). The email is stored as given and
 * normalised for lookups; an address or Roblox account already in use → conflict.
 */
export async function createUser(db: Sequelize, user: NewUser, options: { transaction?: Transaction } = {}): Promise<CreatedUser> {
	const email = user.email?.trim();
	if (user.password !== undefined) checkPasswordPolicy(user.password, { email });
	const passwordHash = user.password === undefined ? null : await hashPassword(user.password);
	try {
		const rows = await db.query<{ id: string }>(
			`INSERT INTO users (email, email_normalized, password_hash, display_name, roblox_user_id)
			 VALUES (:email, :emailNormalized, :passwordHash, :displayName, :robloxUserId) RETURNING id`,
			{
				type: QueryTypes.SELECT,
				replacements: {
					email: email ?? null,
					emailNormalized: email === undefined ? null : normalizeEmail(email),
					passwordHash,
					displayName: user.displayName,
					robloxUserId: user.robloxUserId ?? null,
				},
				...(options.transaction === undefined ? {} : { transaction: options.transaction }),
			},
		);
		const id = (rows[0] as { id: string }).id;
		return { id, ...(email === undefined ? {} : { email }), displayName: user.displayName };
	} catch (error) {
		if (error instanceof UniqueConstraintError) throw new AppError("conflict", "An account with that email address or Roblox account already exists.");
		throw error;
	}
}
