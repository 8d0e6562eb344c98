import { MAIL_MESSAGE_STATUSES } from "@toolboxai/shared";
import { type FormEvent, useState } from "react";
import { fetchMailMessages, type MailFilters, resendMailMessage } from "../../api/mail";
import { Alert, Loading } from "../../components/page";
import { formatTime } from "../../format";
import { useAction } from "../../hooks/use-action";
import { useLoad } from "../../hooks/use-load";

/** The school's mail with each message's status, filtered by recipient, template and status; a failed one can go again. */
export function MessagesSection({ templates }: { templates: ReadonlyArray<string> }) {
	const [filters, setFilters] = useState<MailFilters>({});
	const [draft, setDraft] = useState<MailFilters>({});
	const messages = useLoad(() => fetchMailMessages(filters), [filters]);
	const resend = useAction();
	const items = messages.data?.items ?? [];
	const cursor = messages.data?.nextCursor;
	const apply = (event: FormEvent) => {
		event.preventDefault();
		setFilters(draft);
	};
	return (
		<section aria-labelledby="mail-messages">
			<h2 id="mail-messages">Messages</h2>
			<form className="filters" onSubmit={apply} aria-label="Filter messages">
				<label className="field">
					Recipient
					<input type="email" value={draft.recipient ?? ""} onChange={(e) => setDraft({ ...draft, recipient: e.target.value })} />
				</label>
				<label className="field">
					Template
					<select value={draft.template ?? ""} onChange={(e) => setDraft({ ...draft, template: e.target.value })}>
						<option value="">Any</option>
						{templates.map((name) => (
							<option key={name}>{name}</option>
						))}
					</select>
				</label>
				<label className="field">
					Status
					<select value={draft.status ?? ""} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
						<option value="">Any</option>
						{MAIL_MESSAGE_STATUSES.map((status) => (
							<option key={status}>{status}</option>
						))}
					</select>
				</label>
				<button type="submit" className="button">
					Filter
				</button>
			</form>
			{messages.error !== undefined && <Alert>{messages.error}</Alert>}
			{resend.error !== undefined && <Alert>{resend.error}</Alert>}
			{messages.loading && <Loading label="Loading messages…" />}
			{!messages.loading && items.length === 0 && messages.error === undefined && <p className="muted">No messages.</p>}
			{items.length > 0 && (
				<div className="table-wrap">
					<table>
						<thead>
							<tr>
								<th scope="col">Queued</th>
								<th scope="col">To</th>
								<th scope="col">Template</th>
								<th scope="col">Status</th>
								<th scope="col">Details</th>
								<th scope="col" />
							</tr>
						</thead>
						<tbody>
							{items.map((message) => (
								<tr key={message.id} data-status={message.status}>
									<td>{formatTime(message.createdAt)}</td>
									<td>{message.to}</td>
									<td>
										<code>{message.template}</code>
									</td>
									<td>
										<span className="badge">{message.status}</span>
									</td>
									<td className="muted">
										{message.failureReason}
										{message.failureReason === undefined && message.providerMessageId !== undefined && (
											<details className="technical">
												<summary>Provider's message id</summary>
												<code>{message.providerMessageId}</code>
											</details>
										)}
									</td>
									<td>
										{message.status === "failed" && (
											<button
												type="button"
												className="button small"
												disabled={resend.busy}
												aria-label={`Send again to ${message.to}`}
												onClick={() =>
													void resend.run(async () => {
														await resendMailMessage(message.id);
														await messages.reload();
													}, message.id)
												}
											>
												{resend.running === message.id ? "Sending…" : "Send again"}
											</button>
										)}
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
			{cursor !== undefined && (
				<button
					type="button"
					className="button"
					disabled={messages.busy}
					onClick={() =>
						void messages.extend(
							() => fetchMailMessages(filters, cursor),
							(shown, older) => ({ items: [...shown.items, ...older.items], nextCursor: older.nextCursor }),
						)
					}
				>
					Load older messages
				</button>
			)}
		</section>
	);
}
