import type { z } from "zod";
import { accountLocked, invitation, passwordReset, signupExistingAccount, signupFinish } from "./account";
import { privacyRequestExtended, privacyRequestRouted } from "./privacy";
import { dataExportReady, deploymentFailed, dunningFinal, dunningFirst, dunningSecond, seatsNearlyUsed, testMail, trialEnding } from "./school";
import type { MailTemplate } from "./template";

/** Every template, by name. A new mail adds its template here (with a fixture: the preview renders it). */
export const MAIL_TEMPLATES = {
	invitation,
	"password-reset": passwordReset,
	"signup-finish": signupFinish,
	"signup-existing-account": signupExistingAccount,
	"account-locked": accountLocked,
	"dunning-first": dunningFirst,
	"dunning-second": dunningSecond,
	"dunning-final": dunningFinal,
	"trial-ending": trialEnding,
	"seats-nearly-used": seatsNearlyUsed,
	"data-export-ready": dataExportReady,
	"deployment-failed": deploymentFailed,
	"test-mail": testMail,
	"privacy-request-routed": privacyRequestRouted,
	"privacy-request-extended": privacyRequestExtended,
} as const;

export type MailTemplateName = keyof typeof MAIL_TEMPLATES;
/** The data each template needs, as its caller writes it. */
export type MailTemplateData = { [K in MailTemplateName]: z.input<(typeof MAIL_TEMPLATES)[K]["data"]> };
export const MAIL_TEMPLATE_NAMES = Object.keys(MAIL_TEMPLATES) as MailTemplateName[];

export function isMailTemplateName(name: string): name is MailTemplateName {
	return Object.hasOwn(MAIL_TEMPLATES, name);
}

export function mailTemplateNamed(name: MailTemplateName): MailTemplate {
	return MAIL_TEMPLATES[name] as MailTemplate;
}
