import { z } from "zod";
import { button } from "./layout";
import { mailTemplate } from "./template";

const url = z.url({ protocol: /^https?$/ });
const schoolName = z.string().min(1).max(120);
/** Amounts arrive formatted (e.g. "$120.00"): the billing side knows the currency and the locale. */
const amount = z.string().min(1).max(40);
/** Dates arrive formatted for people (e.g. "14 December 2026"). */
const day = z.string().min(1).max(60);

const dunningData = z.object({ schoolName, amountDue: amount.optional(), invoiceUrl: url.optional(), billingUrl: url, nextAttemptOn: day.optional(), suspendOn: day.optional() });
const dunningFixture = {
	schoolName: "Maple Grove School",
	amountDue: "$120.00",
	invoiceUrl: "https://invoice.stripe.example/i/EXAMPLE",
	billingUrl: "https://toolboxai.school.example/billing",
	nextAttemptOn: "14 December 2026",
	suspendOn: "28 December 2026",
};
const billingReason = "You receive this because you manage billing for {{schoolName}} on ToolBoxAI.";

export const dunningFirst = mailTemplate({
	name: "dunning-first",
	category: "essential",
	description: "A payment failed (first reminder): nothing changes yet, the card will be tried again.",
	data: dunningData,
	fixture: dunningFixture,
	subject: "Payment for {{schoolName}} on ToolBoxAI did not go through",
	html: `<p>We could not collect {{#if amountDue}}{{amountDue}}{{else}}the payment{{/if}} for {{schoolName}}'s ToolBoxAI subscription. Nothing changes for your school yet{{#if nextAttemptOn}}; we will try again on {{nextAttemptOn}}{{/if}}.</p>${button("billingUrl", "Update the payment method")}{{#if invoiceUrl}}<p><a href="{{invoiceUrl}}">See the invoice</a></p>{{/if}}`,
	text: "We could not collect {{#if amountDue}}{{amountDue}}{{else}}the payment{{/if}} for {{schoolName}}'s ToolBoxAI subscription. Nothing changes for your school yet{{#if nextAttemptOn}}; we will try again on {{nextAttemptOn}}{{/if}}.\n\nUpdate the payment method:\n{{billingUrl}}{{#if invoiceUrl}}\n\nThe invoice:\n{{invoiceUrl}}{{/if}}",
	reason: billingReason,
});

export const dunningSecond = mailTemplate({
	name: "dunning-second",
	category: "essential",
	description: "A payment failed again (second reminder).",
	data: dunningData,
	fixture: dunningFixture,
	subject: "Second reminder: payment for {{schoolName}} on ToolBoxAI",
	html: `<p>The payment {{#if amountDue}}of {{amountDue}} {{/if}}for {{schoolName}} failed again.{{#if suspendOn}} If it still fails, the school's paid features stop on {{suspendOn}}.{{/if}}</p>${button("billingUrl", "Update the payment method")}{{#if invoiceUrl}}<p><a href="{{invoiceUrl}}">See the invoice</a></p>{{/if}}`,
	text: "The payment {{#if amountDue}}of {{amountDue}} {{/if}}for {{schoolName}} failed again.{{#if suspendOn}} If it still fails, the school's paid features stop on {{suspendOn}}.{{/if}}\n\nUpdate the payment method:\n{{billingUrl}}{{#if invoiceUrl}}\n\nThe invoice:\n{{invoiceUrl}}{{/if}}",
	reason: billingReason,
});

export const dunningFinal = mailTemplate({
	name: "dunning-final",
	category: "essential",
	description: "Last reminder before the school's paid features stop.",
	data: dunningData,
	fixture: dunningFixture,
	subject: "Final notice: {{schoolName}}'s ToolBoxAI subscription",
	html: `<p>This is the last reminder: {{#if amountDue}}{{amountDue}}{{else}}the payment{{/if}} for {{schoolName}} is still unpaid.{{#if suspendOn}} On {{suspendOn}} the school's paid features stop; lessons and progress are kept.{{/if}}</p>${button("billingUrl", "Pay now")}{{#if invoiceUrl}}<p><a href="{{invoiceUrl}}">See the invoice</a></p>{{/if}}`,
	text: "This is the last reminder: {{#if amountDue}}{{amountDue}}{{else}}the payment{{/if}} for {{schoolName}} is still unpaid.{{#if suspendOn}} On {{suspendOn}} the school's paid features stop; lessons and progress are kept.{{/if}}\n\nPay now:\n{{billingUrl}}{{#if invoiceUrl}}\n\nThe invoice:\n{{invoiceUrl}}{{/if}}",
	reason: billingReason,
});

export const trialEnding = mailTemplate({
	name: "trial-ending",
	category: "notice",
	description: "The school's trial ends soon.",
	data: z.object({ schoolName, trialEndsOn: day, billingUrl: url }),
	fixture: { schoolName: "Maple Grove School", trialEndsOn: "14 December 2026", billingUrl: "https://toolboxai.school.example/billing" },
	subject: "{{schoolName}}'s ToolBoxAI trial ends on {{trialEndsOn}}",
	html: `<p>{{schoolName}}'s trial of ToolBoxAI ends on {{trialEndsOn}}. Choose a plan to keep your classes running without a break.</p>${button("billingUrl", "Choose a plan")}`,
	text: "{{schoolName}}'s trial of ToolBoxAI ends on {{trialEndsOn}}. Choose a plan to keep your classes running without a break:\n{{billingUrl}}",
	reason: billingReason,
});

export const seatsNearlyUsed = mailTemplate({
	name: "seats-nearly-used",
	category: "notice",
	description: "The school has used most of its seats.",
	data: z.object({ schoolName, seatsUsed: z.number().int().min(0), seatsTotal: z.number().int().min(1), billingUrl: url }),
	fixture: { schoolName: "Maple Grove School", seatsUsed: 46, seatsTotal: 50, billingUrl: "https://toolboxai.school.example/billing" },
	subject: "{{schoolName}} has used {{seatsUsed}} of {{seatsTotal}} seats",
	html: `<p>{{schoolName}} has used {{seatsUsed}} of its {{seatsTotal}} ToolBoxAI seats. When they are all taken, new students cannot join a class.</p>${button("billingUrl", "Add seats")}`,
	text: "{{schoolName}} has used {{seatsUsed}} of its {{seatsTotal}} ToolBoxAI seats. When they are all taken, new students cannot join a class.\n\nAdd seats:\n{{billingUrl}}",
	reason: billingReason,
});

export const dataExportReady = mailTemplate({
	name: "data-export-ready",
	category: "essential",
	description: "The data export someone asked for is ready to download.",
	data: z.object({ schoolName, downloadUrl: url, expiresOn: day }),
	fixture: { schoolName: "Maple Grove School", downloadUrl: "https://toolboxai.school.example/privacy/exports/EXAMPLE", expiresOn: "14 December 2026" },
	subject: "Your ToolBoxAI data export for {{schoolName}} is ready",
	html: `<p>The data export you asked for is ready. The download works until {{expiresOn}} and asks you to sign in.</p>${button("downloadUrl", "Download the export")}`,
	text: "The data export you asked for is ready. The download works until {{expiresOn}} and asks you to sign in:\n{{downloadUrl}}",
	reason: "You receive this because you asked for a data export of {{schoolName}} on ToolBoxAI.",
});

export const deploymentFailed = mailTemplate({
	name: "deployment-failed",
	category: "notice",
	description: "A deployment the person started failed.",
	data: z.object({ schoolName, environmentName: z.string().min(1).max(120), version: z.string().min(1).max(80).optional(), error: z.string().min(1).max(500), deploymentUrl: url }),
	fixture: {
		schoolName: "Maple Grove School",
		environmentName: "Production",
		version: "1.4.0",
		error: "Roblox refused the place file (Open Cloud answered 403).",
		deploymentUrl: "https://toolboxai.school.example/deployments",
	},
	subject: "Deployment to {{environmentName}} failed",
	html: `<p>The deployment{{#if version}} of {{version}}{{/if}} to <strong>{{environmentName}}</strong> that you started failed:</p><p style="padding:12px;background:#fdf2f2;border-radius:6px;">{{error}}</p>${button("deploymentUrl", "See the deployment")}`,
	text: "The deployment{{#if version}} of {{version}}{{/if}} to {{environmentName}} that you started failed:\n\n{{error}}\n\nSee the deployment:\n{{deploymentUrl}}",
	reason: "You receive this because you started this deployment for {{schoolName}}.",
});

export const testMail = mailTemplate({
	name: "test-mail",
	category: "essential",
	description: "A test an administrator sends to check the mail setup.",
	data: z.object({ schoolName, sentBy: z.string().min(1).max(320), driver: z.string().min(1).max(40) }),
	fixture: { schoolName: "Maple Grove School", sentBy: "admin@maplegrove.example", driver: "sendgrid" },
	subject: "Test mail from ToolBoxAI for {{schoolName}}",
	html: "<p>This is a test mail {{sentBy}} sent from the ToolBoxAI dashboard. If you read it, mail from {{schoolName}} reaches this address (driver: {{driver}}).</p>",
	text: "This is a test mail {{sentBy}} sent from the ToolBoxAI dashboard. If you read it, mail from {{schoolName}} reaches this address (driver: {{driver}}).",
	reason: "You receive this because an administrator of {{schoolName}} sent a test mail to this address.",
});
