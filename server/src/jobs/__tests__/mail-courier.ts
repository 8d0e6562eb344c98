/**
 * Mail for apps built by tests and benches, which run the domain's jobs (deployments, progress aggregation) only
 * when they start the workers themselves: mail is delivered all the same. The `mail.send` job (defined by the mail
 * module when the app is built) goes to a queue of its own, on the same driver (BullMQ on Redis, or in process),
 * whose worker runs it at once into the real mail driver (the outbox); every other job stays on the app's queue,
 * untouched until the test starts it.
 */
import type { Logger } from "pino";
import type { Infrastructure, JobQueue } from "../../infrastructure.types";
import { createJobQueue } from "../create-queue";

/** The mail module's job name (jobs/ may not import modules/, so it is spelled here). */
const MAIL_SEND = "mail.send";

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
	// Workers look a job's definition up when they run it: the app defines mail.send later, before any mail is queued.
	await courier.start();
	const domain = infra.queue;
	const queue: JobQueue = {
		driver: domain.driver,
		define: (definition) => (definition.name === MAIL_SEND ? courier : domain).define(definition),
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
