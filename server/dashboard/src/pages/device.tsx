import { useEffect, useState, type FormEvent } from "react";
import type { DeviceAuthorizationSummary } from "@toolboxai/shared";
import { ApiError, describeError } from "../api/errors";
import { decideDevice, fetchDeviceAuthorization } from "../api/identity";
import { Alert, Loading, Notice, Page } from "../components/page";
import { formatTime } from "../format";
import { navigate, useLocation } from "../router";

/** Codes are XXXX-XXXX; people type them in lower case, with spaces, or without the dash. */
export function normaliseUserCode(input: string): string {
	const compact = input.toUpperCase().replace(/[^A-Z0-9]/g, "");
	return compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : compact;
}

function CodeForm({ initial }: { initial: string }) {
	const [code, setCode] = useState(initial);
	const [error, setError] = useState<string | undefined>();
	const submit = (event: FormEvent) => {
		event.preventDefault();
		const normalised = normaliseUserCode(code);
		if (!/^[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(normalised)) {
			setError("Enter the 8-character code Roblox Studio shows, like BDFG-HJKL.");
			return;
		}
		navigate(`/device?code=${encodeURIComponent(normalised)}`);
	};
	return (
		<form className="form" onSubmit={submit} noValidate>
			{error !== undefined && <Alert id="code-error">{error}</Alert>}
			<div className="field">
				<label htmlFor="user-code">Code shown in Roblox Studio</label>
				<input
					id="user-code"
					name="code"
					autoComplete="off"
					autoCapitalize="characters"
					spellCheck={false}
					className="code-input"
					value={code}
					onChange={(e) => setCode(e.target.value)}
					aria-invalid={error !== undefined}
					aria-describedby={error !== undefined ? "code-error" : undefined}
				/>
			</div>
			<button type="submit" className="button primary">
				Continue
			</button>
		</form>
	);
}

type Load = { status: "loading" } | { status: "missing"; message: string } | { status: "error"; message: string } | { status: "ready"; summary: DeviceAuthorizationSummary };

export function DevicePage() {
	const location = useLocation();
	const raw = location.search.get("code");
	const userCode = raw === null ? undefined : normaliseUserCode(raw);
	const [load, setLoad] = useState<Load>({ status: "loading" });
	const [busy, setBusy] = useState<"approve" | "deny" | undefined>();
	const [decisionError, setDecisionError] = useState<string | undefined>();
	const [decided, setDecided] = useState<"approved" | "denied" | undefined>();

	useEffect(() => {
		if (userCode === undefined) return;
		let live = true;
		setLoad({ status: "loading" });
		setDecided(undefined);
		fetchDeviceAuthorization(userCode)
			.then((summary) => live && setLoad({ status: "ready", summary }))
			.catch((error: unknown) => {
				if (!live) return;
				if (error instanceof ApiError && (error.status === 404 || error.code === "expired_token"))
					setLoad({ status: "missing", message: `No sign-in request is waiting for code ${userCode}. It may have expired: start again in Roblox Studio.` });
				else setLoad({ status: "error", message: describeError(error) });
			});
		return () => {
			live = false;
		};
	}, [userCode]);

	if (userCode === undefined) {
		return (
			<Page title="Approve Roblox Studio">
				<p className="lead">Roblox Studio shows a code when you sign in from the ToolBoxAI plugin. Enter it here.</p>
				<CodeForm initial="" />
			</Page>
		);
	}

	const decide = async (decision: "approve" | "deny") => {
		setBusy(decision);
		setDecisionError(undefined);
		try {
			const result = await decideDevice(userCode, decision);
			setDecided(result.status);
		} catch (error) {
			setDecisionError(error instanceof ApiError && error.status === 404 ? "This request has expired. Start again in Roblox Studio." : describeError(error));
		} finally {
			setBusy(undefined);
		}
	};

	return (
		<Page title="Approve Roblox Studio">
			{load.status === "loading" && <Loading label="Looking up the sign-in request…" />}
			{load.status === "missing" && (
				<>
					<Alert>{load.message}</Alert>
					<CodeForm initial="" />
				</>
			)}
			{load.status === "error" && <Alert>{load.message}</Alert>}
			{load.status === "ready" && (
				<div className="card device-card">
					<dl className="facts">
						<dt>Device</dt>
						<dd data-testid="device-name">{load.summary.deviceName ?? "Roblox Studio"}</dd>
						<dt>Code</dt>
						<dd className="code">{load.summary.userCode}</dd>
						<dt>Expires</dt>
						<dd>{formatTime(load.summary.expiresAt)}</dd>
					</dl>
					{decided === "approved" || (decided === undefined && load.summary.status === "approved") ? (
						<Notice>Approved. Roblox Studio is signed in; you can go back to it now.</Notice>
					) : decided === "denied" || (decided === undefined && load.summary.status === "denied") ? (
						<Notice>Denied. Roblox Studio was not signed in.</Notice>
					) : (
						<>
							<p>Check that this code matches the one in Roblox Studio. Approving signs that Studio in as you.</p>
							{decisionError !== undefined && <Alert>{decisionError}</Alert>}
							<div className="actions">
								<button type="button" className="button primary" disabled={busy !== undefined} onClick={() => void decide("approve")}>
									{busy === "approve" ? "Approving…" : "Approve"}
								</button>
								<button type="button" className="button" disabled={busy !== undefined} onClick={() => void decide("deny")}>
									{busy === "deny" ? "Denying…" : "Deny"}
								</button>
							</div>
						</>
					)}
				</div>
			)}
		</Page>
	);
}
