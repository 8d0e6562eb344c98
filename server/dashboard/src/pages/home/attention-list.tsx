import type { Overview } from "@toolboxai/shared";
import { formatTime } from "../../format";
import { Link } from "../../router";
import { pendingEventsLine } from "./overview-words";

/** What needs the reader's attention, most pressing first; says so plainly when nothing does. */
export function AttentionList({ attention }: { attention: Overview["attention"] }) {
	const invitations = attention.expiredInvitations ?? [];
	const nothing = attention.failedDeployments.length === 0 && invitations.length === 0 && attention.pendingEvents === 0;
	return (
		<section aria-labelledby="attention-title" className="overview-section">
			<h2 id="attention-title">Needs attention</h2>
			{nothing ? (
				<p className="muted">Nothing needs your attention.</p>
			) : (
				<ul className="attention">
					{attention.failedDeployments.map((environment) =>
						environment.last === undefined ? null : (
							<li key={environment.environmentId} className="attention-failed">
								The last deployment to <strong>{environment.environmentName}</strong> failed ({formatTime(environment.last.finishedAt ?? environment.last.createdAt)}).{" "}
								<Link href={`/deployments/${environment.last.id}`}>See what went wrong</Link>
							</li>
						),
					)}
					{invitations.map((invitation) => (
						<li key={invitation.id}>
							The invitation to <span className="overflow-text">{invitation.email}</span> ({invitation.role.replaceAll("_", " ")}) expired unanswered on{" "}
							{formatTime(invitation.expiredAt)}. Send a new one if they still need to join.
						</li>
					))}
					{attention.pendingEvents > 0 && <li>{pendingEventsLine(attention.pendingEvents)}</li>}
				</ul>
			)}
		</section>
	);
}
