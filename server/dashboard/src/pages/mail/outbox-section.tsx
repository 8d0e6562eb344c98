import { fetchMailOutbox } from "../../api/mail";
import { Alert, Loading } from "../../components/page";
import { formatTime } from "../../format";
import { useLoad } from "../../hooks/use-load";
import { LinkedText } from "./linked-text";

/** On the embedded default nothing leaves the machine: the school's mails are shown here, links and all. */
export function OutboxSection({ refreshKey }: { refreshKey: number }) {
	const outbox = useLoad(() => fetchMailOutbox(), [refreshKey]);
	if (outbox.data?.driver === "sendgrid") return null;
	const items = outbox.data?.items ?? [];
	return (
		<section aria-labelledby="mail-outbox">
			<h2 id="mail-outbox">Outbox</h2>
			<p className="muted">Mail is kept here instead of being sent (no SENDGRID_API_KEY is set). Open a link as the recipient would.</p>
			{outbox.error !== undefined && <Alert>{outbox.error}</Alert>}
			{outbox.loading && <Loading label="Loading the outbox…" />}
			{!outbox.loading && items.length === 0 && outbox.error === undefined && <p className="muted">The outbox is empty.</p>}
			{items.map((mail) => (
				<details key={mail.id} className="mail-entry">
					<summary>
						{mail.subject}{" "}
						<span className="muted">
							to {mail.to}, {formatTime(mail.createdAt)}
						</span>
					</summary>
					<LinkedText text={mail.text} />
				</details>
			))}
		</section>
	);
}
