/**
 * Every migration, in order. A static list (not a glob) so the same code runs from TypeScript sources
 * under tsx and from the compiled dist/ without path tricks. Rules: additive and backwards-compatible
 * (old code keeps running while a new version deploys), SQL that Postgres 15 accepts, and a `down`.
 */
import type { Migration } from "../migration";
import * as mailOutbox from "./0001-mail-outbox";
import * as jobDeadLetters from "./0002-job-dead-letters";
import * as identityCore from "./0100-identity-core";
import * as authSessions from "./0110-auth-sessions";
import * as signingKeys from "./0111-signing-keys";
import * as passwordResets from "./0112-password-resets";
import * as appRolesAndRls from "./0130-app-roles-and-rls";
import * as auditEvents from "./0131-audit-events";
import * as apiKeys from "./0132-api-keys";
import * as invitationsAndGuardianLinks from "./0133-invitations-and-guardian-links";
import * as tenantsRls from "./0134-tenants-rls";
import * as authSessionsRls from "./0135-auth-sessions-rls";
import * as deviceAuthorizations from "./0170-device-authorizations";
import * as lessons from "./0200-lessons";
import * as classes from "./0230-classes";
import * as classAssignments from "./0231-class-assignments";
import * as progressEvents from "./0300-progress-events";
import * as progressSummaries from "./0310-progress-summaries";
import * as deploymentEnvironments from "./0400-deployment-environments";
import * as releasesAndDeployments from "./0410-releases-and-deployments";
import * as billing from "./0500-billing";
import * as jobOutbox from "./0600-job-outbox";
import * as mailMessages from "./0601-mail-messages";
import * as privacyRequests from "./0700-privacy-requests";
import * as progressPendingAgeIndex from "./0800-progress-pending-age-index";
import * as contentVersions from "./0900-content-versions";
import * as progressEventClass from "./1000-progress-event-class";
import * as lessonPublications from "./1010-lesson-publications";
import * as pendingSignups from "./1140-pending-signups";
import * as sessionClientsAndReuse from "./1150-session-clients-and-reuse";
import * as tenantTimeZone from "./1200-tenant-time-zone";

export const migrations: readonly Migration[] = [
	{ name: "0001-mail-outbox", ...mailOutbox },
	{ name: "0002-job-dead-letters", ...jobDeadLetters },
	{ name: "0100-identity-core", ...identityCore },
	{ name: "0110-auth-sessions", ...authSessions },
	{ name: "0111-signing-keys", ...signingKeys },
	{ name: "0112-password-resets", ...passwordResets },
	{ name: "0130-app-roles-and-rls", ...appRolesAndRls },
	{ name: "0131-audit-events", ...auditEvents },
	{ name: "0132-api-keys", ...apiKeys },
	{ name: "0133-invitations-and-guardian-links", ...invitationsAndGuardianLinks },
	{ name: "0134-tenants-rls", ...tenantsRls },
	{ name: "0135-auth-sessions-rls", ...authSessionsRls },
	{ name: "0170-device-authorizations", ...deviceAuthorizations },
	{ name: "0200-lessons", ...lessons },
	{ name: "0230-classes", ...classes },
	{ name: "0231-class-assignments", ...classAssignments },
	{ name: "0300-progress-events", ...progressEvents },
	{ name: "0310-progress-summaries", ...progressSummaries },
	{ name: "0400-deployment-environments", ...deploymentEnvironments },
	{ name: "0410-releases-and-deployments", ...releasesAndDeployments },
	{ name: "0500-billing", ...billing },
	{ name: "0600-job-outbox", ...jobOutbox },
	{ name: "0601-mail-messages", ...mailMessages },
	{ name: "0700-privacy-requests", ...privacyRequests },
	{ name: "0800-progress-pending-age-index", ...progressPendingAgeIndex },
	{ name: "0900-content-versions", ...contentVersions },
	{ name: "1000-progress-event-class", ...progressEventClass },
	{ name: "1010-lesson-publications", ...lessonPublications },
	{ name: "1140-pending-signups", ...pendingSignups },
	{ name: "1150-session-clients-and-reuse", ...sessionClientsAndReuse },
	{ name: "1200-tenant-time-zone", ...tenantTimeZone },
];
