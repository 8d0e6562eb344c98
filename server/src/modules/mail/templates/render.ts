import Handlebars from "handlebars";
import { HTML_LAYOUT, TEXT_LAYOUT } from "./layout";
import type { MailTemplate } from "./template";

export interface RenderedMail {
	readonly subject: string;
	readonly html: string;
	readonly text: string;
}

export interface RenderContext {
	/** The school the mail is about (shown on top and in the footer); none for mail to someone without one yet. */
	readonly schoolName?: string;
	/** For mail that is not essential: where one click stops it. */
	readonly unsubscribeUrl?: string;
}

/** Our own Handlebars instance: no helper or partial registered elsewhere changes our mails. */
const handlebars = Handlebars.create();
handlebars.registerHelper("eq", (a: unknown, b: unknown) => a === b);

type Compiled = (data: object) => string;
const compiled = new Map<string, Compiled>();

/** HTML parts escape every value; the subject and text are not HTML, so they take values as they are. */
function compile(source: string, html: boolean): Compiled {
	const key = `${html ? "h" : "t"}:${source}`;
	let fn = compiled.get(key);
	if (fn === undefined) {
		fn = handlebars.compile(source, { noEscape: !html });
		compiled.set(key, fn);
	}
	return fn;
}

/** Renders a template's subject, HTML and text inside the one layout. `data` must already match the template's schema. */
export function renderMail(template: MailTemplate, data: object, context: RenderContext = {}): RenderedMail {
	// The school the mail is sent for wins over any name in the data (a preview shows your school, not the fixture's).
	const values = { ...data, ...context };
	const subject = compile(template.subject, false)(values).replace(/\s+/g, " ").trim();
	const reason = compile(template.reason, false)(values);
	const frame = { ...values, subject, reason };
	return {
		subject,
		html: compile(HTML_LAYOUT, true)({ ...frame, body: compile(template.html, true)(values) }),
		text: compile(TEXT_LAYOUT, false)({ ...frame, body: compile(template.text, false)(values) }),
	};
}
