import { REALTIME_EVENTS, schoolChannel } from "@toolboxai/shared";
import { getOverview } from "../../api/overview";
import { useAuth } from "../../auth";
import { Alert, Loading, Page } from "../../components/page";
import { useLoad } from "../../hooks/use-load";
import { useLiveChannel } from "../../live/live-provider";
import { Link } from "../../router";
import { audienceIncludes } from "../../audience";
import { AttentionList } from "./attention-list";
import { ClassesSection, DeploymentsSection, LessonsSection } from "./overview-sections";

/** Events that change what the overview shows: it is read again when one arrives. */
const OVERVIEW_EVENTS: ReadonlySet<string> = new Set([REALTIME_EVENTS.deploymentUpdated, REALTIME_EVENTS.lessonPublished]);

/**
 * /: who is signed in, where and as what. Teachers and admins get their overview (GET /v1/overview): what needs
 * attention first, then classes, lessons published lately and deployments; everyone else a tile to approve Studio.
 */
export function HomePage() {
	const { state } = useAuth();
	if (state.status !== "signed-in") return null;
	const { me } = state;
	const staff = audienceIncludes("staff", me.roles);
	return (
		<Page title={`Welcome, ${me.user.displayName}`} wide={staff}>
			<p className="lead">
				Signed in to <strong>{me.tenant.name}</strong> as {me.roles.join(", ").replaceAll("_", " ")}.
			</p>
			{staff ? (
				<StaffOverview tenantId={me.tenant.id} />
			) : (
				<ul className="tiles">
					<li>
						<Link href="/device">Approve a Roblox Studio sign-in</Link>
						<span className="muted">Enter the code the ToolBoxAI plugin shows.</span>
					</li>
				</ul>
			)}
		</Page>
	);
}

function StaffOverview({ tenantId }: { tenantId: string }) {
	const overview = useLoad(getOverview, []);
	const { reload } = overview;
	useLiveChannel(schoolChannel(tenantId), (event) => {
		if (event === "resync" || OVERVIEW_EVENTS.has(event.event)) void reload();
	});
	if (overview.data === undefined) return overview.error === undefined ? <Loading label="Loading your overview…" /> : <Alert>{overview.error}</Alert>;
	return (
		<div className="overview">
			{overview.error !== undefined && <Alert>{overview.error}</Alert>}
			<AttentionList attention={overview.data.attention} />
			<ClassesSection overview={overview.data} />
			<LessonsSection overview={overview.data} />
			<DeploymentsSection overview={overview.data} />
		</div>
	);
}
