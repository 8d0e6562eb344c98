/**
 * The one layout every mail shares: the school's name on top, the template's body, and a footer saying why the
 * person receives it (and, for mail that is not essential, how to stop it). Handlebars fills `{{{body}}}` with the
 * template's own rendered part; everything else the layout shows is escaped.
 */
export const HTML_LAYOUT = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{subject}}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2933;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;padding:24px 0;">
<tr><td align="center">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:8px;">
<tr><td style="padding:20px 32px;border-bottom:1px solid #e4e7eb;font-size:14px;color:#52606d;">{{#if schoolName}}{{schoolName}} · {{/if}}ToolBoxAI</td></tr>
<tr><td style="padding:24px 32px;font-size:16px;line-height:1.5;">{{{body}}}</td></tr>
<tr><td style="padding:16px 32px;border-top:1px solid #e4e7eb;font-size:12px;line-height:1.5;color:#7b8794;">
{{reason}}{{#if unsubscribeUrl}} <a href="{{unsubscribeUrl}}" style="color:#7b8794;">Stop these emails</a>.{{/if}}
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;

export const TEXT_LAYOUT = `{{#if schoolName}}{{schoolName}} · {{/if}}ToolBoxAI

{{{body}}}

--
{{reason}}{{#if unsubscribeUrl}}
Stop these emails: {{unsubscribeUrl}}{{/if}}
`;

/** A button-like link in the HTML part. */
export function button(href: string, label: string): string {
	return `<p style="margin:24px 0;"><a href="{{${href}}}" style="background:#3b5bdb;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block;">${label}</a></p>`;
}
