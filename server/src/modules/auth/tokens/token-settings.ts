/** Access tokens live at most 15 minutes; revocation also reaches them through `sid`. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
/** A session (refresh-token family) and each refresh token in it expire 30 days after sign-in. */
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;
export const TOKEN_AUDIENCE = "toolboxai";
export const REFRESH_TOKEN_PREFIX = "rt_";
export const PASSWORD_RESET_TOKEN_PREFIX = "prt_";
export const PASSWORD_RESET_TTL_SECONDS = 60 * 60;
/**
 * A refresh token presented again this soon after it was rotated answers the same successor pair instead of
 * revoking the session: two tabs or Studio windows refreshing at once, or a reply lost on the way, are not theft.
 * Later, reuse still revokes the whole family.
 */
export const REFRESH_REUSE_INTERVAL_SECONDS = 30;
/** Studio sessions slide: each refresh extends them to 14 days after it, and none outlives 90 days. */
export const STUDIO_SESSION_IDLE_SECONDS = 14 * 24 * 60 * 60;
export const STUDIO_SESSION_MAX_SECONDS = 90 * 24 * 60 * 60;
