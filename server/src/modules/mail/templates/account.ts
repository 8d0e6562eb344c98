import { z } from "zod";
import { button } from "./layout";
import { mailTemplate } from "./template";

const url = z.url({ protocol: /^https?$/ });

export const invitation = mailTemplate({
	name: "invitation",
	category: "essential",
	description: "Someone is invited to join a school with a role.",
	data: z.object({ schoolName: z.string().min(1).max(120), roleLabel: z.string().min(1).max(40), link: url }),
	fixture: { schoolName: "Maple Grove School", roleLabel: "teacher", link: "https://toolboxai.school.example/invite?token=inv_EXAMPLE" },
	subject: "You're invited to {{schoolName}} on ToolBoxAI",
	html: `<p>You have been invited to join <strong>{{schoolName}}</strong> on ToolBoxAI as {{roleLabel}}.</p>${button("link", "Accept the invitation")}<p>The invitation is valid for 7 days and works once. If you did not expect it, ignore this message.</p>`,
	text: "You have been invited to join {{schoolName}} on ToolBoxAI as {{roleLabel}}.\n\nAccept the invitation (valid for 7 days, usable once):\n{{link}}\n\nIf you did not expect this, ignore this message.",
	reason: "You receive this because an administrator of {{schoolName}} invited this address.",
});

export const passwordReset = mailTemplate({
	name: "password-reset",
	category: "essential",
	description: "A single-use link to choose a new password, after the person asked for it.",
	data: z.object({ link: url, token: z.string().min(1).max(200) }),
	fixture: { link: "https://toolboxai.school.example/reset-password?token=prt_EXAMPLE", token: "prt_EXAMPLE" },
	subject: "Reset your ToolBoxAI password",
	html: `<p>Someone (hopefully you) asked to reset the password of your ToolBoxAI account.</p>${button("link", "Choose a new password")}<p>The link works for an hour. Your reset code, if the link does not open: <code>{{token}}</code></p><p>If you did not ask, ignore this email: your password stays as it is.</p>`,
	text: "Someone (hopefully you) asked to reset the password of your ToolBoxAI account.\n\nOpen this link within an hour to choose a new password:\n{{link}}\n\nYour reset code, if the link does not open: {{token}}\n\nIf you did not ask, ignore this email: your password stays as it is.",
	reason: "You receive this because a password reset was asked for this address's ToolBoxAI account.",
});

export const signupFinish = mailTemplate({
	name: "signup-finish",
	category: "essential",
	description: "The link that finishes creating a school (sign-up confirmation).",
	data: z.object({ organizationName: z.string().min(1).max(120), link: url }),
	fixture: { organizationName: "Maple Grove", link: "https://toolboxai.school.example/sign-up/complete?token=sgn_EXAMPLE" },
	subject: "Finish creating your school on ToolBoxAI",
	html: `<p>Someone (hopefully you) asked to create the school "{{organizationName}}" on ToolBoxAI with this email address.</p>${button("link", "Choose your password and finish")}<p>The link works once, within 24 hours. If you did not ask, ignore this email: nothing is created.</p>`,
	text: 'Someone (hopefully you) asked to create the school "{{organizationName}}" on ToolBoxAI with this email address.\n\nOpen this link within 24 hours to choose your password and finish (it works once):\n{{link}}\n\nIf you did not ask, ignore this email: nothing is created.',
	reason: "You receive this because this address was given to create a school on ToolBoxAI.",
});

export const signupExistingAccount = mailTemplate({
	name: "signup-existing-account",
	category: "essential",
	description: "A sign-up with an address that already has an account: sign in (or reset) instead.",
	data: z.object({ signInLink: url, resetLink: url.optional() }),
	fixture: { signInLink: "https://toolboxai.school.example/sign-in", resetLink: "https://toolboxai.school.example/reset-password?token=prt_EXAMPLE" },
	subject: "You already have a ToolBoxAI account",
	html: `<p>Someone (hopefully you) asked to create a school on ToolBoxAI with this email address, which already has an account.</p>${button("signInLink", "Sign in instead")}{{#if resetLink}}<p>Forgot your password? <a href="{{resetLink}}">Choose a new one</a> within an hour.</p>{{else}}<p>This account is disabled: ask your school's administrator.</p>{{/if}}<p>If you did not ask, ignore this email: nothing has changed.</p>`,
	text: "Someone (hopefully you) asked to create a school on ToolBoxAI with this email address, which already has an account.\n\nSign in instead:\n{{signInLink}}\n\n{{#if resetLink}}Forgot your password? Open this link within an hour to choose a new one:\n{{resetLink}}{{else}}This account is disabled: ask your school's administrator.{{/if}}\n\nIf you did not ask, ignore this email: nothing has changed.",
	reason: "You receive this because this address was given to create a school on ToolBoxAI.",
});

export const accountLocked = mailTemplate({
	name: "account-locked",
	category: "essential",
	description: "Too many failed sign-ins locked the account: what happened and a reset link.",
	data: z.object({ scope: z.enum(["address", "account"]), ip: z.string().max(64).optional(), minutes: z.number().int().min(1), link: url, token: z.string().min(1).max(200) }),
	fixture: { scope: "address", ip: "203.0.113.7", minutes: 15, link: "https://toolboxai.school.example/reset-password?token=prt_EXAMPLE", token: "prt_EXAMPLE" },
	subject: "Too many failed sign-ins to your ToolBoxAI account",
	html: `<p>There were too many failed attempts to sign in to your ToolBoxAI account {{#if (eq scope "address")}}from the address {{ip}}, so we stopped accepting passwords for it from there for {{minutes}} minutes{{else}}from many addresses, so we stopped accepting passwords for it from the addresses that kept failing for up to {{minutes}} minutes{{/if}}. Signing in from another device or network still works, and your school's administrator can lift the lock.</p><p>If it was you and you forgot your password, choose a new one within an hour:</p>${button("link", "Choose a new password")}<p>Your reset code, if the link does not open: <code>{{token}}</code></p><p>If it was not you, those attempts did not get in; choosing a new password also signs out every open session.</p>`,
	text: 'There were too many failed attempts to sign in to your ToolBoxAI account {{#if (eq scope "address")}}from the address {{ip}}, so we stopped accepting passwords for it from there for {{minutes}} minutes{{else}}from many addresses, so we stopped accepting passwords for it from the addresses that kept failing for up to {{minutes}} minutes{{/if}}. Signing in from another device or network still works, and your school\'s administrator can lift the lock.\n\nIf it was you and you forgot your password, open this link within an hour to choose a new one:\n{{link}}\n\nYour reset code, if the link does not open: {{token}}\n\nIf it was not you, those attempts did not get in; choosing a new password with the link also signs out every open session.',
	reason: "You receive this because it concerns the security of this address's ToolBoxAI account.",
});
