import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { notFound } from "../../errors/app-error";
import type { AppDependencies } from "../../http/app-module";
import { isMailTemplateName, MAIL_TEMPLATE_NAMES, mailTemplateNamed } from "./templates/catalog";
import { renderMail } from "./templates/render";
import { unsubscribePageUrl } from "./unsubscribe-link";

export function listMailTemplates() {
	return {
		items: MAIL_TEMPLATE_NAMES.map((name) => {
			const template = mailTemplateNamed(name);
			return { name, category: template.category, description: template.description };
		}),
	};
}

/** A template rendered with its fixture and the caller's school name, exactly as it would be mailed. */
export async function previewMailTemplate(deps: Pick<AppDependencies, "config" | "infra">, caller: UserCaller, input: { readonly name: string }) {
	if (!isMailTemplateName(input.name)) throw notFound("mail template");
	const template = mailTemplateNamed(input.name);
	const db = deps.infra.db;
	const schoolName = await withTenant(db, caller.tenantId, async (transaction) => {
		const [row] = await db.query<{ name: string }>("SELECT name FROM tenants WHERE id = $1", { bind: [caller.tenantId], type: QueryTypes.SELECT, transaction });
		return row?.name;
	});
	const data = template.data.parse(template.fixture) as object;
	const rendered = renderMail(template, data, {
		...(schoolName === undefined ? {} : { schoolName }),
		...(template.category === "notice" ? { unsubscribeUrl: unsubscribePageUrl(deps.config.publicUrl, "PREVIEW") } : {}),
	});
	return { name: template.name, category: template.category, ...rendered };
}
