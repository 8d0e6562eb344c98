/** Access tokens live at most 15 minutes; revocation also reaches them through `sid`. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
/** A session (refresh-token family) and each refresh token in it expire 30 days after sign-in. */
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;
export const TOKEN_AUDIENCE = "toolboxai";
export const REFRESH_TOKEN_PREFIX = "rt_";
export const PASSWORD_RESET_TOKEN_PREFIX = "prt_";
export const PASSWORD_RESET_TTL_SECONDS = 60 * 60;
