import { clearMailBounce, fetchMailSuppressions } from "../../api/mail";
import { Alert, Loading } from "../../components/page";
import { formatTime } from "../../format";
import { useAction } from "../../hooks/use-action";
import { useLoad } from "../../hooks/use-load";

const REASONS: Readonly<Record<string, string>> = { bounce: "Bounced", spam_report: "Marked as spam", unsubscribe: "Unsubscribed" };

/** Addresses notices no longer go to; a bounce can be cleared (ours and SendGrid's), a person's own choice cannot. */
export function SuppressionsSection() {
	const list = useLoad(() => fetchMailSuppressions(), []);
	const clear = useAction();
	const items = list.data?.items ?? [];
	return (
		<section aria-labelledby="mail-suppressions">
			<h2 id="mail-suppressions">Suppressed addresses</h2>
			<p className="muted">Notices are not sent to these addresses. Password resets, invitations and billing mail still are.</p>
			{list.error !== undefined && <Alert>{list.error}</Alert>}
			{clear.error !== undefined && <Alert>{clear.error}</Alert>}
			{list.loading && <Loading label="Loading suppressions…" />}
			{!list.loading && items.length === 0 && list.error === undefined && <p className="muted">No suppressed addresses.</p>}
			{items.length > 0 && (
				<div className="table-wrap">
					<table>
						<thead>
							<tr>
								<th scope="col">Address</th>
								<th scope="col">Why</th>
								<th scope="col">Since</th>
								<th scope="col" />
							</tr>
						</thead>
						<tbody>
							{items.map((item) => (
								<tr key={`${item.email}/${item.reason}`}>
									<td>{item.email}</td>
									<td>
										{REASONS[item.reason] ?? item.reason}
										{item.detail === undefined ? "" : ` (${item.detail})`}
									</td>
									<td>{formatTime(item.createdAt)}</td>
									<td>
										{item.clearable && (
											<button
												type="button"
												className="button small"
												disabled={clear.busy}
												aria-label={`Clear the bounce of ${item.email}`}
												onClick={() =>
													void clear.run(async () => {
														await clearMailBounce(item.email);
														await list.reload();
													}, item.email)
												}
											>
												{clear.running === item.email ? "Clearing…" : "Clear bounce"}
											</button>
										)}
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
