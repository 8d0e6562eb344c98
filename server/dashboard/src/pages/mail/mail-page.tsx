import { useState } from "react";
import { ApiError, describeError } from "../../api/errors";
import { fetchMailTemplates, sendTestMail } from "../../api/mail";
import { Alert, Notice, Page } from "../../components/page";
import { useAction } from "../../hooks/use-action";
import { useLoad } from "../../hooks/use-load";
import { MessagesSection } from "./messages-section";
import { OutboxSection } from "./outbox-section";
import { SuppressionsSection } from "./suppressions-section";
import { TemplatesSection } from "./templates-section";

function refusal(caught: unknown): string {
	return caught instanceof ApiError && caught.status === 403 ? "Only school administrators can manage mail." : describeError(caught);
}

/** Mail for administrators: what was sent and how it went, addresses mail no longer goes to, the templates, the outbox. */
export function MailPage() {
	const templates = useLoad(() => fetchMailTemplates(), [], refusal);
	const test = useAction();
	const [sent, setSent] = useState(0);
	const names = (templates.data?.items ?? []).map((template) => template.name);
	return (
		<Page title="Mail" wide>
			<p className="lead">Every mail the service sends for your school, and how its delivery went.</p>
			{templates.error !== undefined && <Alert>{templates.error}</Alert>}
			<div className="actions">
				<button
					type="button"
					className="button primary"
					disabled={test.busy}
					onClick={() =>
						void test.run(async () => {
							await sendTestMail();
							setSent((n) => n + 1);
						})
					}
				>
					{test.busy ? "Sending…" : "Send me a test mail"}
				</button>
			</div>
			{test.error !== undefined && <Alert>{test.error}</Alert>}
			{sent > 0 && <Notice>Test mail queued. It shows below once sent.</Notice>}
			{templates.data !== undefined && (
				<>
					<MessagesSection key={sent} templates={names} />
					<OutboxSection refreshKey={sent} />
					<SuppressionsSection />
					<TemplatesSection templates={templates.data.items} />
				</>
			)}
		</Page>
	);
}
