import { Suspense, useEffect, useState, type ReactElement } from "react";
import { useAuth } from "./auth";
import { Alert, Loading } from "./components/page";
import { useAction } from "./hooks/use-action";
import { LiveIndicator } from "./live/live-indicator";
import { LiveProvider } from "./live/live-provider";
import { setSchoolTimeZone } from "./format";
import { BillingBanner } from "./components/billing-banner";
import { Link, navigate, useLocation } from "./router";
import { audienceIncludes } from "./audience";
import { matchRoute, NotFoundPage, ROUTES } from "./routes";

function Header() {
	const { state, signOut } = useAuth();
	const location = useLocation();
	const signingOut = useAction();
	const signedIn = state.status === "signed-in";
	const roles = signedIn ? state.me.roles : [];
	const staff = signedIn && audienceIncludes("staff", roles);
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
							{ROUTES.filter((route) => route.label !== undefined && audienceIncludes(route.audience, roles)).map((route) => (
								<li key={route.path}>
									<Link href={route.path} aria-current={location.pathname === route.path ? "page" : undefined}>
										{route.label}
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

export function App() {
	const { state } = useAuth();
	const location = useLocation();
	const matched = matchRoute(location.pathname);
	// Before any page renders a date: the signed-in school's time zone (the reader's own while nobody is signed in).
	setSchoolTimeZone(state.status === "signed-in" ? state.me.tenant.timeZone : undefined);
	// An address that is no page at all says so at once, signed in or not (no detour through signing in).
	const needsNoSession = matched === undefined || matched.route.audience === "public";

	// Pages other than sign-in need a session: send the person to sign in, and bring them back here afterwards.
	useEffect(() => {
		if (state.status !== "signed-out" || needsNoSession) return;
		// Why the session ended (the service's reason, or another tab's sign-out) is said on the sign-in page.
		const ended = state.reason === undefined ? "" : `&ended=${encodeURIComponent(state.reason)}`;
		navigate(`/sign-in?next=${encodeURIComponent(location.href)}${ended}`, { replace: true });
	}, [state, needsNoSession, location.href]);

	let content: ReactElement;
	if (matched === undefined) content = <NotFoundPage />;
	else if (matched.route.audience === "public") content = state.status === "loading" ? <Loading label="Loading…" /> : <matched.route.page {...matched.params} />;
	else if (state.status === "unreachable") content = <Alert>Cannot reach the ToolBoxAI service. Trying again…</Alert>;
	else if (state.status !== "signed-in") content = <Loading label="Loading…" />;
	// Keyed by the address: opening another class (or deployment) starts its page afresh.
	else content = <matched.route.page key={location.pathname} {...matched.params} />;

	const page = (
		<>
			<a className="skip-link" href="#main">
				Skip to content
			</a>
			<Header />
			{state.status === "signed-in" && (state.me.roles.includes("tenant_admin") || state.me.roles.includes("platform_admin")) && <BillingBanner />}
			<main id="main">
				{/* Each page is its own chunk: this shows while one loads for the first time. Not a status region: a
				    moment's placeholder is no news for a screen reader, and the page's own notices must be the only ones. */}
				<Suspense
					fallback={
						<p className="muted" aria-busy="true">
							Loading…
						</p>
					}
				>
					{content}
				</Suspense>
			</main>
		</>
	);
	// Staff get live updates (deployments, class progress, billing) while signed in; the connection ends with the session.
	const staff = state.status === "signed-in" && state.me.roles.some((role) => role === "teacher" || role === "tenant_admin" || role === "platform_admin");
	return staff ? <LiveProvider key={state.me.user.id}>{page}</LiveProvider> : page;
}
