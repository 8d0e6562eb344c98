import { useState, type FormEvent } from "react";
import { updateSchoolSettings } from "../../api/school";
import { useAuth } from "../../auth";
import { Alert, Notice, Page } from "../../components/page";
import { describeTimeZone, formatTime } from "../../format";
import { useAction } from "../../hooks/use-action";
import { timeZoneChoices } from "./time-zone-choices";

/** The school's settings a school admin changes: its time zone, in which every date in the dashboard is shown. */
export function SchoolPage() {
	const { state, reload } = useAuth();
	const current = state.status === "signed-in" ? state.me.tenant.timeZone : "UTC";
	const [timeZone, setTimeZone] = useState(current);
	const [saved, setSaved] = useState<string>();
	const save = useAction();
	const submit = (event: FormEvent) => {
		event.preventDefault();
		setSaved(undefined);
		void save.run(async () => {
			const next = await updateSchoolSettings({ timeZone });
			// Who we are now carries the new zone: every date on every page follows it.
			await reload();
			setSaved(next.timeZone);
		});
	};
	return (
		<Page title="School settings">
			<p className="lead">{state.status === "signed-in" ? state.me.tenant.name : ""}</p>
			<form className="form" onSubmit={submit} aria-label="The school's time zone">
				<div className="field">
					<label htmlFor="school-time-zone">Time zone</label>
					<select id="school-time-zone" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} aria-describedby="school-time-zone-help">
						{timeZoneChoices(current).map((zone) => (
							<option key={zone} value={zone}>
								{zone.replaceAll("_", " ")}
							</option>
						))}
					</select>
					<p className="help" id="school-time-zone-help">
						Every date in the dashboard is shown in this zone, for everyone in the school. Now: {describeTimeZone(current)}, {formatTime(new Date().toISOString())}.
					</p>
				</div>
				{save.error !== undefined && <Alert>{save.error}</Alert>}
				{saved !== undefined && <Notice>Saved: dates are now shown in {describeTimeZone(saved)}.</Notice>}
				<div className="actions">
					<button type="submit" className="button primary" disabled={save.busy || timeZone === current}>
						{save.busy ? "Saving…" : "Save time zone"}
					</button>
				</div>
			</form>
		</Page>
	);
}
