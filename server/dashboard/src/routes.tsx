import { isUuid } from "@toolboxai/shared/node";
import { lazy, type ComponentType, type LazyExoticComponent } from "react";
import type { Audience } from "./audience";

/** The path's `:name` segments, by name: what a page with parameters gets as props (e.g. ClassPage's classId). */
export type RouteParams = Readonly<Record<string, string>>;

export interface Route {
	/** "/classes/:classId": each `:name` segment matches an id (a UUID) and is passed to the page as the prop `name`. */
	readonly path: string;
	readonly audience: Audience;
	/** Shown in the main navigation, in table order; pages without one are reached by links. */
	readonly label?: string;
	readonly page: LazyExoticComponent<ComponentType<RouteParams>>;
}

/**
 * A page loaded on first visit, as its own chunk: `lazyPage(() => import("./pages/x/x-page"), "XPage")`. The
 * import must be written out here (not built from a string) so the bundler sees it and splits the page off.
 */
function lazyPage<M, K extends keyof M>(load: () => Promise<M>, name: K): LazyExoticComponent<ComponentType<RouteParams>> {
	return lazy(async () => ({ default: (await load())[name] as unknown as ComponentType<RouteParams> }));
}

/**
 * Every page of the dashboard. Adding a page is one line here (and its path in CLIENT_ROUTES of
 * server/src/platform/dashboard/serve-dashboard.ts, so the service answers it with index.html):
 *
 *   { path: "/lessons", audience: "staff", label: "Lessons", page: lazyPage(() => import("./pages/lessons/lessons-page"), "LessonsPage") },
 *
 * Each page is split into its own chunk, so the first load carries only the shell (React, sign-in state, router,
 * this table) and the page being opened.
 */
export const ROUTES: ReadonlyArray<Route> = [
	{ path: "/", audience: "signed-in", label: "Home", page: lazyPage(() => import("./pages/home/home-page"), "HomePage") },
	{ path: "/device", audience: "signed-in", label: "Approve Studio", page: lazyPage(() => import("./pages/device/device-page"), "DevicePage") },
	{ path: "/api-keys", audience: "admin", label: "API keys", page: lazyPage(() => import("./pages/api-keys/api-keys-page"), "ApiKeysPage") },
	{ path: "/audit", audience: "admin", label: "Audit log", page: lazyPage(() => import("./pages/audit/audit-page"), "AuditPage") },
	{ path: "/mail", audience: "admin", label: "Mail", page: lazyPage(() => import("./pages/mail/mail-page"), "MailPage") },
	{ path: "/classes", audience: "staff", label: "Classes", page: lazyPage(() => import("./pages/classes/classes-page"), "ClassesPage") },
	{ path: "/classes/:classId", audience: "staff", page: lazyPage(() => import("./pages/classes/class/class-page"), "ClassPage") },
	{ path: "/classes/:classId/students/:studentUserId", audience: "staff", page: lazyPage(() => import("./pages/classes/student/student-page"), "StudentPage") },
	{ path: "/lessons", audience: "staff", label: "Lessons", page: lazyPage(() => import("./pages/lessons/lessons-page"), "LessonsPage") },
	{ path: "/lessons/:lessonId", audience: "staff", page: lazyPage(() => import("./pages/lessons/lesson-page"), "LessonPage") },
	{ path: "/deployments", audience: "staff", label: "Deployments", page: lazyPage(() => import("./pages/deployments/deployments-page"), "DeploymentsPage") },
	{ path: "/deployments/:deploymentId", audience: "staff", page: lazyPage(() => import("./pages/deployment/deployment-detail-page"), "DeploymentDetailPage") },
	{ path: "/sessions", audience: "signed-in", page: lazyPage(() => import("./pages/sessions/sessions-page"), "SessionsPage") },
	{ path: "/billing", audience: "admin", label: "Billing", page: lazyPage(() => import("./pages/billing/billing-page"), "BillingPage") },
	{ path: "/school", audience: "admin", label: "School", page: lazyPage(() => import("./pages/school/school-page"), "SchoolPage") },
	{ path: "/members", audience: "admin", label: "Members", page: lazyPage(() => import("./pages/members/members-page"), "MembersPage") },
	{ path: "/invitations", audience: "admin", label: "Invitations", page: lazyPage(() => import("./pages/invitations/invitations-page"), "InvitationsPage") },
	{ path: "/guardians", audience: "admin", label: "Guardians", page: lazyPage(() => import("./pages/guardians/guardians-page"), "GuardiansPage") },
	{ path: "/privacy", audience: "admin", label: "Privacy", page: lazyPage(() => import("./pages/privacy/privacy-page"), "PrivacyPage") },
	{ path: "/sign-out", audience: "signed-in", page: lazyPage(() => import("./pages/sign-in/sign-out-page"), "SignOutPage") },
	{ path: "/sign-in", audience: "public", page: lazyPage(() => import("./pages/sign-in/sign-in-page"), "SignInPage") },
	{ path: "/sign-up", audience: "public", page: lazyPage(() => import("./pages/sign-up/sign-up-page"), "SignUpPage") },
	{ path: "/sign-up/complete", audience: "public", page: lazyPage(() => import("./pages/sign-up/finish-sign-up-page"), "FinishSignUpPage") },
	{ path: "/invite", audience: "public", page: lazyPage(() => import("./pages/invite/invite-page"), "InvitePage") },
	{ path: "/reset-password", audience: "public", page: lazyPage(() => import("./pages/reset-password/reset-password-page"), "ResetPasswordPage") },
	{ path: "/unsubscribe", audience: "public", page: lazyPage(() => import("./pages/unsubscribe/unsubscribe-page"), "UnsubscribePage") },
];

/** Shown for an address that is no page, signed in or not. */
export const NotFoundPage = lazyPage(() => import("./pages/not-found/not-found-page"), "NotFoundPage");

export interface MatchedRoute {
	readonly route: Route;
	readonly params: RouteParams;
}

/** The route for a pathname, with its parameters; undefined when no page has that address. */
export function matchRoute(pathname: string, routes: ReadonlyArray<Route> = ROUTES): MatchedRoute | undefined {
	const segments = pathname.split("/");
	for (const route of routes) {
		const pattern = route.path.split("/");
		if (pattern.length !== segments.length) continue;
		const params: Record<string, string> = {};
		const matches = pattern.every((part, index) => {
			const segment = segments[index] ?? "";
			if (!part.startsWith(":")) return part === segment;
			params[part.slice(1)] = segment;
			return isUuid(segment);
		});
		if (matches) return { route, params };
	}
	return undefined;
}
