import type { Role, TokenResponse } from "@toolboxai/shared";
import { QueryTypes, type Transaction } from "sequelize";
import { withTenant } from "../../../db/tenant-scope";
import { authServices, type AuthDeps } from "../auth-services";
import { signAccessToken } from "../tokens/sign-access-token";
import { ACCESS_TOKEN_TTL_SECONDS, REFRESH_TOKEN_TTL_SECONDS, STUDIO_SESSION_IDLE_SECONDS, STUDIO_SESSION_MAX_SECONDS } from "../tokens/token-settings";
import { insertRefreshToken } from "./insert-refresh-token";
import { clientLabel, type SessionClientInfo } from "./session-client";

export interface SessionRequest {
	readonly userId: string;
	readonly tenantId: string;
	readonly roles: ReadonlyArray<Role>;
	readonly transaction?: Transaction;
	/** Who holds it; 'api' when not said. Studio sessions get the short sliding lifetime. */
	readonly client?: SessionClientInfo;
}

/**
 * Signs someone in to one tenant: a new session (refresh-token family), its first refresh token, and an
 * access token naming the session. Used by login, signup, invitation acceptance and the device grant.
 */
export async function issueSession(deps: AuthDeps, request: SessionRequest): Promise<TokenResponse> {
	const db = deps.infra.db;
	const kind = request.client?.kind ?? "api";
	const studio = kind === "studio";
	// In the session's own tenant scope: row-level security checks the session is written for that tenant.
	const { sessionId, refreshToken } = await withTenant(
		db,
		request.tenantId,
		async (transaction) => {
			const rows = await db.query<{ id: string }>(
				`INSERT INTO auth_sessions (user_id, tenant_id, roles, expires_at, client, client_label, idle_seconds, max_seconds)
				 VALUES (:userId, :tenantId, ARRAY[:roles]::text[], now() + make_interval(secs => :ttl), :kind, :label, :idle, :max) RETURNING id`,
				{
					type: QueryTypes.SELECT,
					replacements: {
						userId: request.userId,
						tenantId: request.tenantId,
						roles: [...request.roles],
						ttl: studio ? STUDIO_SESSION_IDLE_SECONDS : REFRESH_TOKEN_TTL_SECONDS,
						kind,
						label: clientLabel(request.client?.label),
						idle: studio ? STUDIO_SESSION_IDLE_SECONDS : null,
						max: studio ? STUDIO_SESSION_MAX_SECONDS : null,
					},
					transaction,
				},
			);
			const id = (rows[0] as { id: string }).id;
			return { sessionId: id, refreshToken: await insertRefreshToken(db, id, transaction) };
		},
		request.transaction === undefined ? {} : { transaction: request.transaction },
	);
	const accessToken = await signAccessToken(authServices(deps).keys, deps.config.publicUrl, {
		userId: request.userId,
		tenantId: request.tenantId,
		roles: request.roles,
		sessionId,
	});
	return { accessToken, refreshToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS, tokenType: "Bearer" };
}
