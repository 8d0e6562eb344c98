import type { MailMessage } from "../../../infrastructure.types";

/** The two mails a sign-up request sends: the answer to the request is the same for both. */

export function finishSignupMail(input: { readonly to: string; readonly organizationName: string; readonly link: string }): MailMessage {
	return {
		to: input.to,
		subject: "Finish creating your school on ToolBoxAI",
		text:
			`Someone (hopefully you) asked to create the school "${input.organizationName}" on ToolBoxAI with this email address.\n\n` +
			`Open this link within 24 hours to choose your password and finish (it works once):\n${input.link}\n\n` +
			`If you did not ask, ignore this email: nothing is created.`,
		template: "signup-finish",
	};
}

export function existingAccountMail(input: { readonly to: string; readonly signInLink: string; readonly resetLink?: string }): MailMessage {
	const reset =
		input.resetLink === undefined
			? "This account is disabled: ask your school's administrator.\n\n"
			: `Forgot your password? Open this link within an hour to choose a new one:\n${input.resetLink}\n\n`;
	return {
		to: input.to,
		subject: "You already have a ToolBoxAI account",
		text:
			`Someone (hopefully you) asked to create a school on ToolBoxAI with this email address, which already has an account.\n\n` +
			`Sign in instead:\n${input.signInLink}\n\n` +
			reset +
			`If you did not ask, ignore this email: nothing has changed.`,
		template: "signup-existing-account",
	};
}
