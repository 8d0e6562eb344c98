import { downloadLink, type PrivacyRequestView } from "../../api/privacy";
import { Alert, Loading } from "../../components/page";
import { formatTime } from "../../format";
import { useAction } from "../../hooks/use-action";
import type { Loaded } from "../../hooks/use-load";
import { dueWords, KIND_WORDS, STATUS_WORDS } from "./due-date";

/** The school's data requests with their countdown, steps and proof report, and the export's download. */
export function RequestsSection({ list }: { list: Loaded<{ items: PrivacyRequestView[] }> }) {
	const download = useAction();
	const items = list.data?.items ?? [];
	return (
		<section aria-labelledby="privacy-requests">
			<h2 id="privacy-requests">Data requests</h2>
			<p className="muted">Each request must be answered within a month of receiving it (two more months once, if you tell the requester why).</p>
			{list.error !== undefined && <Alert>{list.error}</Alert>}
			{download.error !== undefined && <Alert>{download.error}</Alert>}
			{list.loading && <Loading label="Loading requests…" />}
			{!list.loading && items.length === 0 && list.error === undefined && <p className="muted">No data requests yet.</p>}
			{items.length > 0 && (
				<div className="table-wrap">
					<table>
						<thead>
							<tr>
								<th scope="col">Request</th>
								<th scope="col">About</th>
								<th scope="col">Status</th>
								<th scope="col">Due</th>
								<th scope="col">Result</th>
							</tr>
						</thead>
						<tbody>
							{items.map((item) => (
								<tr key={item.id} data-status={item.status}>
									<td>
										{KIND_WORDS[item.kind] ?? item.kind}
										<br />
										<span className="muted">
											{formatTime(item.receivedAt)} · {item.requestedBy}
										</span>
									</td>
									<td>{item.subject.label}</td>
									<td>{STATUS_WORDS[item.status] ?? item.status}</td>
									<td>
										{item.status === "completed" ? (
											<span className="muted">answered {formatTime(item.completedAt)}</span>
										) : (
											<>
												{dueWords(item.extendedUntil ?? item.dueAt)}
												<br />
												<span className="muted">{formatTime(item.extendedUntil ?? item.dueAt)}</span>
											</>
										)}
									</td>
									<td>
										{item.archive?.available === true && (
											<button
												type="button"
												className="button small"
												disabled={download.busy}
												aria-label={`Download the export about ${item.subject.label}`}
												onClick={() =>
													void download.run(async () => {
														const link = await downloadLink(item.id);
														window.location.assign(link.url);
													}, item.id)
												}
											>
												{download.running === item.id ? "Preparing…" : "Download"}
											</button>
										)}
										{item.archive !== undefined && !item.archive.available && <span className="muted">Download expired</span>}
										{item.proof !== undefined && <ProofReport proof={item.proof} />}
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
		</section>
	);
}

function ProofReport({ proof }: { proof: NonNullable<PrivacyRequestView["proof"]> }) {
	return (
		<details className="technical">
			<summary>Proof report</summary>
			<dl>
				<div>
					<dt>About</dt>
					<dd>{proof.subject}</dd>
				</div>
				<div>
					<dt>Completed</dt>
					<dd>{formatTime(proof.completedAt)}</dd>
				</div>
				{proof.steps.map((step) => (
					<div key={step.name}>
						<dt>{step.name}</dt>
						<dd>
							<code>{JSON.stringify(step.outcome)}</code>
						</dd>
					</div>
				))}
				<div>
					<dt>Backups</dt>
					<dd>{proof.backupRetention}</dd>
				</div>
				{proof.kept.map((line) => (
					<div key={line}>
						<dt>Kept</dt>
						<dd>{line}</dd>
					</div>
				))}
			</dl>
		</details>
	);
}
