import { useState } from "react";
import { attestConsent, fetchConsent } from "../../api/privacy";
import { Alert, Loading, Notice } from "../../components/page";
import { formatTime } from "../../format";
import { useAction } from "../../hooks/use-action";
import { useLoad } from "../../hooks/use-load";

/** The school's authorisation in place of parental consent (COPPA): the text, who gave it and when. */
export function ConsentSection() {
	const status = useLoad(() => fetchConsent(), []);
	const give = useAction();
	const [agreed, setAgreed] = useState(false);
	const data = status.data;
	return (
		<section aria-labelledby="privacy-consent">
			<h2 id="privacy-consent">School authorisation (COPPA)</h2>
			{status.error !== undefined && <Alert>{status.error}</Alert>}
			{status.loading && <Loading label="Loading the authorisation…" />}
			{data !== undefined && (
				<>
					<blockquote>{data.text}</blockquote>
					{data.current !== undefined && (
						<p>
							Given by {data.current.attestedBy} on {formatTime(data.current.attestedAt)} (text version {data.current.noticeVersion}).
						</p>
					)}
					{data.upToDate ? (
						<Notice>The school's authorisation covers the current text.</Notice>
					) : (
						<>
							<p>{data.current === undefined ? "Nobody has given the school's authorisation yet." : "The text has changed since: please read it and confirm again."}</p>
							<label className="choice">
								<input type="checkbox" checked={agreed} onChange={(event) => setAgreed(event.target.checked)} /> I confirm this on behalf of the school
							</label>
							<div className="actions">
								<button
									type="button"
									className="button primary"
									disabled={!agreed || give.busy}
									onClick={() =>
										void give.run(async () => {
											await attestConsent(data.noticeVersion);
											await status.reload();
										})
									}
								>
									{give.busy ? "Saving…" : "Give the school's authorisation"}
								</button>
							</div>
						</>
					)}
				</>
			)}
			{give.error !== undefined && <Alert>{give.error}</Alert>}
		</section>
	);
}
