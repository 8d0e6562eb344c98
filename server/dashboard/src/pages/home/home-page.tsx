import { useAuth } from "../../auth";
import { Page } from "../../components/page";
import { Link } from "../../router";

/** /: who is signed in, where and as what, with a tile for each page their roles open. */
export function HomePage() {
	const { state } = useAuth();
	if (state.status !== "signed-in") return null;
	const { me } = state;
	const admin = me.roles.includes("tenant_admin") || me.roles.includes("platform_admin");
	return (
		<Page title={`Welcome, ${me.user.displayName}`}>
			<p className="lead">
				Signed in to <strong>{me.tenant.name}</strong> as {me.roles.join(", ").replaceAll("_", " ")}.
			</p>
			<ul className="tiles">
				<li>
					<Link href="/device">Approve a Roblox Studio sign-in</Link>
					<span className="muted">Enter the code the ToolBoxAI plugin shows.</span>
				</li>
				{admin && (
					<li>
						<Link href="/api-keys">API keys</Link>
						<span className="muted">Keys for your experiences' game servers.</span>
					</li>
				)}
				{(admin || me.roles.includes("teacher")) && (
					<li>
						<Link href="/classes">Classes</Link>
						<span className="muted">Join codes, rosters, assigned lessons and how students are doing.</span>
					</li>
				)}
				{(admin || me.roles.includes("teacher")) && (
					<li>
						<Link href="/deployments">Deployments</Link>
						<span className="muted">Environments, Open Cloud keys, releases rolled out and rolled back.</span>
					</li>
				)}
				{admin && (
					<li>
						<Link href="/audit">Audit log</Link>
						<span className="muted">Sign-ins, keys and approvals in your school.</span>
					</li>
				)}
			</ul>
		</Page>
	);
}
