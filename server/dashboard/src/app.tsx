import { useEffect, type ReactElement } from "react";
import { useAuth } from "./auth";
import { Alert, Loading } from "./components/page";
import { useAction } from "./hooks/use-action";
import { LiveIndicator } from "./live/live-indicator";
import { LiveProvider } from "./live/live-provider";
import { BillingBanner } from "./components/billing-banner";
import { ApiKeysPage } from "./pages/api-keys/api-keys-page";
import { AuditPage } from "./pages/audit/audit-page";
import { BillingPage } from "./pages/billing/billing-page";
import { ClassPage } from "./pages/classes/class/class-page";
import { ClassesPage } from "./pages/classes/classes-page";
import { DeploymentDetailPage } from "./pages/deployment/deployment-detail-page";
import { DeploymentsPage } from "./pages/deployments/deployments-page";
import { DevicePage } from "./pages/device/device-page";
import { HomePage } from "./pages/home/home-page";
import { InvitePage } from "./pages/invite/invite-page";
import { MailPage } from "./pages/mail/mail-page";
import { NotFoundPage } from "./pages/not-found/not-found-page";
import { PrivacyPage } from "./pages/privacy/privacy-page";
import { ResetPasswordPage } from "./pages/reset-password/reset-password-page";
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
	"/deployments": { label: "Deployments", render: () => <DeploymentsPage />, staffOnly: true },
	"/sessions": { render: () => <SessionsPage /> },
	"/billing": { label: "Billing", render: () => <BillingPage />, adminOnly: true },
	"/privacy": { label: "Privacy", render: () => <PrivacyPage />, adminOnly: true },
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
			)}
			{signedIn && (
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

/** /deployments/<id>: one deployment (the service answers /deployments/:deploymentId with index.html too). */
function deploymentPage(pathname: string): (() => ReactElement) | undefined {
	const deploymentId = /^\/deployments\/([0-9a-fA-F-]{36})$/.exec(pathname)?.[1];
	return deploymentId === undefined ? undefined : () => <DeploymentDetailPage key={deploymentId} deploymentId={deploymentId} />;
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
	// An address that is no page at all says so at once, signed in or not (no detour through signing in).
	const unknownPage =
		publicPage === undefined && PAGES[location.pathname] === undefined && classPage(location.pathname) === undefined && deploymentPage(location.pathname) === undefined;
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
	else content = (PAGES[location.pathname]?.render ?? classPage(location.pathname) ?? deploymentPage(location.pathname) ?? (() => <NotFoundPage />))();

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
