import type { Config } from "../../../config/config";
import { ARCHIVE_DAYS, BACKUP_RETENTION_TEXT } from "../privacy-names";

/** The notice's version: a change to what we store, why or with whom is a new version. */
export const PRIVACY_NOTICE_VERSION = "2026-12-01";

const HERE = "the service's database (Postgres), run by the school's ToolBoxAI operator";

/**
 * The school-facing data inventory: what the service stores about the school's people, why, how long and where,
 * and who processes it for us. The sub-processor list follows this deployment's settings: a service without
 * SendGrid, Stripe, Pusher or Supabase names none of them.
 */
export function privacyNotice(config: Pick<Config, "mail" | "billing" | "pusher" | "supabase">) {
	const subProcessors = [
		{
			name: "Roblox",
			purpose: "Runs the game the students play; we call Open Cloud to publish the school's places.",
			data: "Students' Roblox UserIds (Roblox already holds them).",
		},
		...(config.billing === undefined
			? []
			: [{ name: "Stripe", purpose: "Takes the school's subscription payments.", data: "Billing contact name and address, invoices. No student data." }]),
		...(config.mail?.driver === "sendgrid"
			? [{ name: "SendGrid (Twilio)", purpose: "Delivers the service's mail.", data: "Staff email addresses and the mail's content. No student data." }]
			: []),
		...(config.pusher === undefined ? [] : [{ name: "Pusher", purpose: "Live updates on the dashboard.", data: "Ids of classes and changes; no names." }]),
		...(config.supabase === undefined ? [] : [{ name: "Supabase", purpose: "Stores files (lesson assets, export archives).", data: "Uploaded files and data exports." }]),
	];
	return {
		version: PRIVACY_NOTICE_VERSION,
		roles:
			"The school decides why and how its students' data is used: it is the controller (GDPR) and holds the education record (FERPA); ToolBoxAI processes that data only on the school's instructions, as its processor or 'school official'. For staff accounts and billing, ToolBoxAI is the controller.",
		inventory: [
			{
				data: "Staff accounts: name, email address, password hash, roles",
				why: "Signing in and running the school's classes.",
				kept: "While the person is a member; removed on request.",
				where: HERE,
			},
			{
				data: "Students: Roblox UserId and display name, class memberships",
				why: "Linking the game to the right class (students never sign in with an email).",
				kept: "While the student is enrolled; removed on the school's request.",
				where: HERE,
			},
			{
				data: "Progress: lessons started, steps completed, answers and scores",
				why: "Showing teachers how their students are doing.",
				kept: "While the student is enrolled; removed on the school's request. A restricted student's new progress is not recorded.",
				where: HERE,
			},
			{ data: "Audit log: who did what, when, from which IP address (no names in it)", why: "Security and accountability.", kept: "While the school uses ToolBoxAI.", where: HERE },
			{ data: "Mail records: to whom, which template, delivery status", why: "Proving delivery and honouring opt-outs.", kept: "While the school uses ToolBoxAI.", where: HERE },
			{ data: "Data exports", why: "Answering access requests.", kept: `${ARCHIVE_DAYS} days, then the download expires.`, where: "the service's file storage" },
			{ data: "Backups of all the above", why: "Restoring the service after a failure.", kept: BACKUP_RETENTION_TEXT, where: "the service's backup storage" },
		],
		subProcessors,
		rights:
			"A school admin can export, correct, restrict or have erased any of its people's data from the Privacy page; requests are answered within a month (extendable once by two months, with notice). Requests from parents or students reach the school, which decides.",
	};
}
