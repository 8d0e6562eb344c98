import { isUuid } from "@toolboxai/shared/node";
import type { Request } from "express";
import { AppError } from "../../../errors/app-error";
import { queryText } from "../../../http/query-params";

/** A person's id given in the query string: absent, or a user id (anything else is 400 bad_request, not a lookup). */
export function queryUserId(req: Request, name: string): string | undefined {
	const value = queryText(req, name, 36);
	if (value !== undefined && !isUuid(value)) throw new AppError("bad_request", `${name} is a user id.`);
	return value;
}
