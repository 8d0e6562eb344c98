import { useState } from "react";
import type { DeviceAuthorizationSummary } from "@toolboxai/shared";
import { ApiError, describeError } from "../../api/errors";
import { decideDevice, fetchDeviceAuthorization } from "../../api/identity";
import { Alert, Loading, Notice, Page } from "../../components/page";
import { formatTime } from "../../format";
import { useAction } from "../../hooks/use-action";
import { useLoad } from "../../hooks/use-load";
import { useLocation } from "../../router";
import { CodeForm } from "./code-form";
import { normaliseUserCode } from "./user-code";

/** No request waits for the code (unknown, or expired): an answer this page explains, not a failure. */
const NOTHING_WAITING = "nothing-waiting";

async function findRequest(userCode: string): Promise<DeviceAuthorizationSummary | typeof NOTHING_WAITING> {
	try {
		return await fetchDeviceAuthorization(userCode);
	} catch (error) {
		if (error instanceof ApiError && (error.status === 404 || error.code === "expired_token")) return NOTHING_WAITING;
		throw error;
	}
}

function decisionRefusal(caught: unknown): string {
	return caught instanceof ApiError && caught.status === 404 ? "This request has expired. Start again in Roblox Studio." : describeError(caught);
}

/** The sign-in request for one code; the page keys it by the code, so another code starts afresh. */
function DeviceRequest({ userCode }: { userCode: string }) {
	const request = useLoad(() => findRequest(userCode), [userCode]);
	const decision = useAction(decisionRefusal);
	const [decided, setDecided] = useState<"approved" | "denied" | undefined>();

	const decide = (choice: "approve" | "deny") =>
		decision.run(async () => {
			const result = await decideDevice(userCode, choice);
			setDecided(result.status);
		}, choice);

	const summary = request.data;
	if (request.error !== undefined) return <Alert>{request.error}</Alert>;
	if (summary === undefined) return <Loading label="Looking up the sign-in request…" />;
	if (summary === NOTHING_WAITING) {
		return (
			<>
				<Alert>{`No sign-in request is waiting for code ${userCode}. It may have expired: start again in Roblox Studio.`}</Alert>
				<CodeForm initial="" />
			</>
		);
	}
	return (
		<div className="card device-card">
			<dl className="facts">
				<dt>Device</dt>
				<dd data-testid="device-name">{summary.deviceName ?? "Roblox Studio"}</dd>
				<dt>Code</dt>
				<dd className="code">{summary.userCode}</dd>
				<dt>Expires</dt>
				<dd>{formatTime(summary.expiresAt)}</dd>
			</dl>
			{decided === "approved" || (decided === undefined && summary.status === "approved") ? (
				<Notice>Approved. Roblox Studio is signed in; you can go back to it now.</Notice>
			) : decided === "denied" || (decided === undefined && summary.status === "denied") ? (
				<Notice>Denied. Roblox Studio was not signed in.</Notice>
			) : (
				<>
					<p>Check that this code matches the one in Roblox Studio. Approving signs that Studio in as you.</p>
					{decision.error !== undefined && <Alert>{decision.error}</Alert>}
					<div className="actions">
						<button type="button" className="button primary" disabled={decision.busy} onClick={() => void decide("approve")}>
							{decision.running === "approve" ? "Approving…" : "Approve"}
						</button>
						<button type="button" className="button" disabled={decision.busy} onClick={() => void decide("deny")}>
							{decision.running === "deny" ? "Denying…" : "Deny"}
						</button>
					</div>
				</>
			)}
		</div>
	);
}

export function DevicePage() {
	const raw = useLocation().search.get("code");
	const userCode = raw === null ? undefined : normaliseUserCode(raw);
	return (
		<Page title="Approve Roblox Studio">
			{userCode === undefined ? (
				<>
					<p className="lead">Roblox Studio shows a code when you sign in from the ToolBoxAI plugin. Enter it here.</p>
					<CodeForm initial="" />
				</>
			) : (
				<DeviceRequest key={userCode} userCode={userCode} />
			)}
		</Page>
	);
}
