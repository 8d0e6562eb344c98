/**
 * The mail module's public entry. Every mail the service sends goes through `queueMail`, in the transaction of the
 * change that causes it:
 *
 *   await queueMail(deps, { tenantId, to, template: "dunning-first", data: {...}, idempotencyKey: `dunning:${invoiceId}:1` }, { transaction });
 *
 * - `deps`: anything with `infra` (AppDependencies will do; a `logger` is used when present).
 * - `template`: a name from templates/catalog.ts; `data` is typed and checked against that template's schema.
 *   The template decides the category: essential (always sent, with the provider's bypass) or notice (honours
 *   suppressions and the person's opt-out, carries List-Unsubscribe). A new mail adds a template there, with a fixture.
 * - `idempotencyKey`: one message per key, ever (queueing it again returns the first message, sends nothing).
 * - `transaction`: the caller's; the message and its job commit or roll back with the change. Omitted: its own.
 */
export { mailModule } from "./routes";
export { queueMail, type QueueMail, type QueuedMail, type MailDeps } from "./queue-mail";
export { MAIL_TEMPLATE_NAMES, type MailTemplateData, type MailTemplateName } from "./templates/catalog";
export { MAIL_SEND } from "./mail-names";
