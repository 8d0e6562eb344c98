import { useEffect, useState, type ReactElement } from "react";
import { useAuth } from "./auth";
import { Alert, Loading } from "./components/page";
import { useAction } from "./hooks/use-action";
import { LiveIndicator } from "./live/live-indicator";
import { LiveProvider } from "./live/live-provider";
import { setSchoolTimeZone } from "./format";
import { BillingBanner } from "./components/billing-banner";
import { ApiKeysPage } from "./pages/api-keys/api-keys-page";
import { AuditPage } from "./pages/audit/audit-page";
import { BillingPage } from "./pages/billing/billing-page";
import { ClassPage } from "./pages/classes/class/class-page";
import { ClassesPage } from "./pages/classes/classes-page";
import { StudentPage } from "./pages/classes/student/student-page";
import { DeploymentDetailPage } from "./pages/deployment/deployment-detail-page";
import { DeploymentsPage } from "./pages/deployments/deployments-page";
import { DevicePage } from "./pages/device/device-page";
import { HomePage } from "./pages/home/home-page";
import { InvitePage } from "./pages/invite/invite-page";
import { LessonPage } from "./pages/lessons/lesson-page";
import { LessonsPage } from "./pages/lessons/lessons-page";
import { MailPage } from "./pages/mail/mail-page";
import { MembersPage } from "./pages/members/members-page";
import { InvitationsPage } from "./pages/invitations/invitations-page";
import { GuardiansPage } from "./pages/guardians/guardians-page";
import { NotFoundPage } from "./pages/not-found/not-found-page";
import { ResetPasswordPage } from "./pages/reset-password/reset-password-page";
import { SchoolPage } from "./pages/school/school-page";
import { SignInPage } from "./pages/sign-in/sign-in-page";
import { FinishSignUpPage } from "./pages/sign-up/finish-sign-up-page";
import { SignUpPage } from "./pages/sign-up/sign-up-page";
import { SignOutPage } from "./pages/sign-in/sign-out-page";
import { SessionsPage } from "./pages/sessions/sessions-page";
import { UnsubscribePage } from "./pages/unsubscribe/unsubscribe-page";
import { Link, navigate, useLocation } from "./router";

/** The client routes; the service answers each of these paths with index.html (modules/dashboard). */
const PAGES: Record<string, { label?: string; render: () => ReactElement; adminOnly?: boolean; staffOnly?: boolean }> = {
	"/": { label: "Home", render: () => <HomePage /> },
	"/device": { label: "Approve Studio", render: () => <DevicePage /> },
	"/api-keys": { label: "API keys", render: () => <ApiKeysPage />, adminOnly: true },
	"/audit": { label: "Audit log", render: () => <AuditPage />, adminOnly: true },
	"/mail": { label: "Mail", render: () => <MailPage />, adminOnly: true },
	"/classes": { label: "Classes", render: () => <ClassesPage />, staffOnly: true },
	"/lessons": { label: "Lessons", render: () => <LessonsPage />, staffOnly: true },
	"/deployments": { label: "Deployments", render: () => <DeploymentsPage />, staffOnly: true },
	"/sessions": { render: () => <SessionsPage /> },
	"/billing": { label: "Billing", render: () => <BillingPage />, adminOnly: true },
	"/school": { label: "School", render: () => <SchoolPage />, adminOnly: true },
	"/members": { label: "Members", render: () => <MembersPage />, adminOnly: true },
	"/invitations": { label: "Invitations", render: () => <InvitationsPage />, adminOnly: true },
	"/guardians": { label: "Guardians", render: () => <GuardiansPage />, adminOnly: true },
	"/sign-out": { render: () => <SignOutPage /> },
};

function Header() {
	const { state, signOut } = useAuth();
	const location = useLocation();
	const signingOut = useAction();
	const signedIn = state.status === "signed-in";
	const admin = signedIn && (state.me.roles.includes("tenant_admin") || state.me.roles.includes("platform_admin"));
	// Teachers see deployments (deployments:read); students do not.
	const staff = admin || (signedIn && state.me.roles.includes("teacher"));
	// On narrow screens the nav and account links fold behind the Menu button; opening a page folds them again.
	const [menuOpen, setMenuOpen] = useState(false);
	// biome-ignore lint/correctness/useExhaustiveDependencies: the path changing is what closes the menu.
	useEffect(() => setMenuOpen(false), [location.pathname]);
	const doSignOut = async () => {
		await signingOut.run(signOut);
		navigate("/sign-in?signedOut=1", { replace: true });
	};
	return (
		<header className="topbar">
			<Link href="/" className="brand">
				ToolBoxAI
			</Link>
			{signedIn && (
				<button type="button" className="button small menu-button" aria-expanded={menuOpen} aria-controls="topbar-menu" onClick={() => setMenuOpen(!menuOpen)}>
					Menu
				</button>
			)}
			{signedIn && (
				<div id="topbar-menu" className="topbar-menu" data-open={menuOpen}>
					<nav aria-label="Main">
						<ul>
							{Object.entries(PAGES)
								.filter(([, page]) => page.label !== undefined && (page.adminOnly !== true || admin) && (page.staffOnly !== true || staff))
								.map(([path, page]) => (
									<li key={path}>
										<Link href={path} aria-current={location.pathname === path ? "page" : undefined}>
											{page.label}
										</Link>
									</li>
								))}
						</ul>
					</nav>
					<div className="who">
						{staff && <LiveIndicator />}
						<span>
							{state.me.user.displayName} · {state.me.tenant.name}
						</span>
						<Link href="/sessions" aria-current={location.pathname === "/sessions" ? "page" : undefined}>
							Sessions
						</Link>
						<button type="button" className="button small" onClick={() => void doSignOut()}>
							Sign out
						</button>
					</div>
				</div>
			)}
			{signingOut.error !== undefined && <Alert>{signingOut.error}</Alert>}
		</header>
	);
}

/** /classes/<id>: the one client route with a parameter (the service answers /classes/:classId with index.html too). */
function classPage(pathname: string): (() => ReactElement) | undefined {
	const match = /^\/classes\/([0-9a-fA-F-]{36})$/.exec(pathname);
	const classId = match?.[1];
	return classId === undefined ? undefined : () => <ClassPage key={classId} classId={classId} />;
}

/** /classes/<id>/students/<id>: one student of a class (the service answers that path with index.html too). */
function studentPage(pathname: string): (() => ReactElement) | undefined {
	const match = /^\/classes\/([0-9a-fA-F-]{36})\/students\/([0-9a-fA-F-]{36})$/.exec(pathname);
	const classId = match?.[1];
	const studentUserId = match?.[2];
	return classId === undefined || studentUserId === undefined
		? undefined
		: () => <StudentPage key={`${classId}/${studentUserId}`} classId={classId} studentUserId={studentUserId} />;
}

/** /deployments/<id>: one deployment (the service answers /deployments/:deploymentId with index.html too). */
function deploymentPage(pathname: string): (() => ReactElement) | undefined {
	const deploymentId = /^\/deployments\/([0-9a-fA-F-]{36})$/.exec(pathname)?.[1];
	return deploymentId === undefined ? undefined : () => <DeploymentDetailPage key={deploymentId} deploymentId={deploymentId} />;
}

/** /lessons/<id>: one lesson (the service answers /lessons/:lessonId with index.html too). */
function lessonPage(pathname: string): (() => ReactElement) | undefined {
	const lessonId = /^\/lessons\/([0-9a-fA-F-]{36})$/.exec(pathname)?.[1];
	return lessonId === undefined ? undefined : () => <LessonPage key={lessonId} lessonId={lessonId} />;
}

/** Pages anyone may open: signing in, signing up, and the links in sign-up, invitation, password-reset and notice emails. */
const PUBLIC_PAGES: Record<string, () => ReactElement> = {
	"/sign-in": () => <SignInPage />,
	"/sign-up": () => <SignUpPage />,
	"/sign-up/complete": () => <FinishSignUpPage />,
	"/invite": () => <InvitePage />,
	"/reset-password": () => <ResetPasswordPage />,
	"/unsubscribe": () => <UnsubscribePage />,
};

export function App() {
	const { state } = useAuth();
	const location = useLocation();
	const publicPage = PUBLIC_PAGES[location.pathname];
	// Before any page renders a date: the signed-in school's time zone (the reader's own while nobody is signed in).
	setSchoolTimeZone(state.status === "signed-in" ? state.me.tenant.timeZone : undefined);
	// An address that is no page at all says so at once, signed in or not (no detour through signing in).
	const unknownPage =
		publicPage === undefined &&
		PAGES[location.pathname] === undefined &&
		classPage(location.pathname) === undefined &&
		studentPage(location.pathname) === undefined &&
		deploymentPage(location.pathname) === undefined &&
		lessonPage(location.pathname) === undefined;
	const needsNoSession = publicPage !== undefined || unknownPage;

	// Pages other than sign-in need a session: send the person to sign in, and bring them back here afterwards.
	useEffect(() => {
		if (state.status !== "signed-out" || needsNoSession) return;
		// Why the session ended (the service's reason, or another tab's sign-out) is said on the sign-in page.
		const ended = state.reason === undefined ? "" : `&ended=${encodeURIComponent(state.reason)}`;
		navigate(`/sign-in?next=${encodeURIComponent(location.href)}${ended}`, { replace: true });
	}, [state, needsNoSession, location.href]);

	let content: ReactElement;
	if (unknownPage) content = <NotFoundPage />;
	else if (publicPage !== undefined) content = state.status === "loading" ? <Loading label="Loading…" /> : publicPage();
	else if (state.status === "unreachable") content = <Alert>Cannot reach the ToolBoxAI service. Trying again…</Alert>;
	else if (state.status !== "signed-in") content = <Loading label="Loading…" />;
	else
		content = (
			PAGES[location.pathname]?.render ??
			classPage(location.pathname) ??
			studentPage(location.pathname) ??
			deploymentPage(location.pathname) ??
			lessonPage(location.pathname) ??
			(() => <NotFoundPage />)
		)();

	const page = (
		<>
			<a className="skip-link" href="#main">
				Skip to content
			</a>
			<Header />
			{state.status === "signed-in" && (state.me.roles.includes("tenant_admin") || state.me.roles.includes("platform_admin")) && <BillingBanner />}
			<main id="main">{content}</main>
		</>
	);
	// Staff get live updates (deployments, class progress, billing) while signed in; the connection ends with the session.
	const staff = state.status === "signed-in" && state.me.roles.some((role) => role === "teacher" || role === "tenant_admin" || role === "platform_admin");
	return staff ? <LiveProvider key={state.me.user.id}>{page}</LiveProvider> : page;
}
