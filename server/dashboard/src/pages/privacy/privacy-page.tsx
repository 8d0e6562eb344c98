import { ApiError, describeError } from "../../api/errors";
import { fetchPrivacyRequests, fetchRestrictedStudents } from "../../api/privacy";
import { Alert, Page } from "../../components/page";
import { formatTime } from "../../format";
import { useLoad } from "../../hooks/use-load";
import { useEffect } from "react";
import { ConsentSection } from "./consent-section";
import { RequestsSection } from "./requests-section";
import { StartExportSection } from "./start-export-section";

function refusal(caught: unknown): string {
	return caught instanceof ApiError && caught.status === 403 ? "Only school administrators manage privacy." : describeError(caught);
}

/** Privacy for administrators: data requests and their proof, exports, the school's authorisation, restricted students. */
export function PrivacyPage() {
	const requests = useLoad(() => fetchPrivacyRequests(), [], refusal);
	const restricted = useLoad(() => fetchRestrictedStudents(), [], refusal);
	const open = (requests.data?.items ?? []).some((item) => item.status === "received" || item.status === "in_progress");
	// While an export runs, look again every few seconds so its download shows up without a reload.
	useEffect(() => {
		if (!open) return;
		const timer = setInterval(() => void requests.reload(), 3000);
		return () => clearInterval(timer);
	}, [open, requests.reload]);
	return (
		<Page title="Privacy" wide>
			<p className="lead">Your school decides about its people's data. Here you answer their requests and give the school's authorisation.</p>
			<StartExportSection onStarted={requests.reload} />
			<RequestsSection list={requests} />
			<ConsentSection />
			<section aria-labelledby="privacy-restricted">
				<h2 id="privacy-restricted">Students whose progress is not recorded</h2>
				{restricted.error !== undefined && <Alert>{restricted.error}</Alert>}
				{(restricted.data?.items ?? []).length === 0 ? (
					<p className="muted">None: every student's progress is recorded.</p>
				) : (
					<ul>
						{restricted.data?.items.map((item) => (
							<li key={item.userId}>
								{item.displayName}, since {formatTime(item.restrictedAt)}
							</li>
						))}
					</ul>
				)}
			</section>
		</Page>
	);
}
