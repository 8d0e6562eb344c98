/**
 * Mail for apps built by tests and benches, which run the domain's jobs (deployments, progress aggregation) only
 * when they start the workers themselves: mail is delivered all the same. `mail.send` jobs go to a queue of their
 * own, on the same driver (BullMQ on Redis, or in process), whose worker runs the real job into the real mail
 * driver (the outbox); every other job stays on the app's queue, untouched until the test starts it.
 */
import type { Logger } from "pino";
import type { Infrastructure, JobQueue } from "../../infrastructure.types";
import { createJobQueue } from "../create-queue";
import { MAIL_SEND, mailSendJob } from "../definitions/mail-send";

export interface MailCourier {
	/** The same infrastructure, with mail.send jobs routed to the courier's queue. */
	readonly infra: Infrastructure;
	close(): Promise<void>;
}

export async function startMailCourier(infra: Infrastructure, options: { readonly logger: Logger; readonly redisUrl?: string; readonly prefix?: string }): Promise<MailCourier> {
	const courier = createJobQueue({
		db: infra.db,
		logger: options.logger,
		...(options.redisUrl === undefined ? {} : { redisUrl: options.redisUrl }),
		prefix: `${options.prefix ?? "toolboxai"}-mail`,
	});
	courier.define(mailSendJob(infra.mail));
	await courier.start();
	const domain = infra.queue;
	const queue: JobQueue = {
		driver: domain.driver,
		define: (definition) => domain.define(definition),
		enqueue: (name, payload, enqueueOptions) => (name === MAIL_SEND ? courier : domain).enqueue(name, payload, enqueueOptions),
		start: () => domain.start(),
		ping: () => domain.ping(),
		close: async (timeoutMs) => {
			await courier.close(timeoutMs);
			await domain.close(timeoutMs);
		},
	};
	return { infra: { ...infra, queue }, close: () => courier.close() };
}
