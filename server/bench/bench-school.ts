/**
 * A school for a bench, made through the API the way a person makes one: ask (202), take the link from the mail
 * outbox, finish (201). The bench's app must deliver mail (startMailCourier): its own job workers stay stopped.
 */
import { waitForOutboxMails } from "../src/integrations/mail/__tests__/outbox-mails";
import type { Sequelize } from "sequelize";

export interface BenchSchool {
	readonly tenantId: string;
	readonly accessToken: string;
}

async function post(baseUrl: string, path: string, body: unknown, expected: number): Promise<Record<string, unknown>> {
	const res = await fetch(`${baseUrl}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
	const json = (await res.json()) as Record<string, unknown>;
	if (res.status !== expected) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(json)}`);
	return json;
}

async function signupToken(db: Sequelize, email: string): Promise<string> {
	const mails = await waitForOutboxMails(db, { to: email, template: "signup-finish" });
	const token = /\/sign-up\/complete\?token=([A-Za-z0-9_%-]+)/.exec(mails.at(-1)?.text_body ?? "")?.[1];
	if (token === undefined) throw new Error(`no sign-up mail to ${email}`);
	return decodeURIComponent(token);
}

export async function signUpBenchSchool(baseUrl: string, db: Sequelize, school: { organizationName: string; email: string; password: string }): Promise<BenchSchool> {
	await post(baseUrl, "/v1/signup", { organizationName: school.organizationName, email: school.email }, 202);
	const done = await post(baseUrl, "/v1/signup/complete", { token: await signupToken(db, school.email), password: school.password }, 201);
	return { tenantId: (done.tenant as { id: string }).id, accessToken: (done.tokens as { accessToken: string }).accessToken };
}
