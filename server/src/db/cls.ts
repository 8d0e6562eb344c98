/**
 * Sequelize CLS: transactions propagate to every query started inside `sequelize.transaction(async () => ...)`.
 * On embedded Postgres (one shared session, pool of 1) a query that forgot `{transaction}` would wait for the
 * only connection forever; with CLS it joins the transaction instead. `useCLS` is global to Sequelize, so it
 * is set once here, before any instance is created.
 */
import { createNamespace, getNamespace, type Namespace } from "cls-hooked";
import { Sequelize } from "sequelize";

const NAMESPACE = "toolboxai-sequelize";

export const clsNamespace: Namespace = getNamespace(NAMESPACE) ?? createNamespace(NAMESPACE);
Sequelize.useCLS(clsNamespace);

/**
 * Runs `fn` detached from any ambient transaction. Work scheduled from inside a transaction (timers,
 * queue callbacks) inherits its CLS context; once that transaction commits, every query would fail with
 * "commit has been called on this transaction". Background work must start from a clean context.
 */
export function runOutsideTransaction<T>(fn: () => Promise<T>): Promise<T> {
	return clsNamespace.runAndReturn(() => {
		clsNamespace.set("transaction", undefined);
		return fn();
	});
}
