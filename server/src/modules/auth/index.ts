/** The auth module's public entry: what app.ts and other modules may use of it. */
export { authModule } from "./routes";
export { authenticate, authenticateRequest } from "./http/authenticate";
export { listMembershipsOfUser } from "./memberships/list-memberships";
export { issuePasswordResetLink } from "./password-reset/issue-reset-link";
export { verifyPassword } from "./passwords/verify-password";
export { issueSession } from "./sessions/issue-session";
export { unlockSignIn } from "./sign-in/unlock-sign-in";
export { createUser } from "./users/create-user";
export { findUserByEmail } from "./users/find-user";
export { normalizeEmail } from "./users/normalize-email";
