/**
 * `npm run backup` against a running embedded service: POST /ops/backups queues the backup job and answers its
 * request id; GET /ops/backups/<request id> answers running, done (with the manifest) or failed. Only with the
 * embedded database (real Postgres is dumped by the command itself), only from this machine, only with the token
 * from DATA_DIR/secrets (trigger-token.ts). Not an API operation: it is not in the OpenAPI document.
 */
import { randomUUID } from "node:crypto";
import express, { type RequestHandler } from "express";
import { AppError } from "../../../errors/app-error";
import type { AppDependencies } from "../../../http/app-module";
import { TAKE_BACKUP_JOB } from "../backup-jobs";
import { noteTrigger, triggerOutcome } from "../trigger-requests";
import { tokenMatches, writeTriggerToken } from "../trigger-token";

export const TRIGGER_PATH = "/ops/backups";

export function backupTriggerHandler(deps: AppDependencies): RequestHandler {
	const router = express.Router();
	if (deps.infra.databaseDriver !== "embedded" || deps.config.backup === undefined) return router;
	const token = writeTriggerToken(deps.config.dataDir);
	const guard: RequestHandler = (req, _res, next) => {
		const bearer = /^Bearer (\S+)$/.exec(req.get("authorization") ?? "")?.[1];
		if (!isLoopback(req.socket.remoteAddress) || !tokenMatches(token, bearer)) {
			next(new AppError("forbidden", "Only `npm run backup` on this machine may start a backup here."));
			return;
		}
		next();
	};
	router.post(TRIGGER_PATH, guard, async (_req, res, next) => {
		try {
			const requestId = randomUUID();
			noteTrigger(requestId, { state: "running" });
			await deps.infra.queue.enqueue(TAKE_BACKUP_JOB, { trigger: "command", requestId });
			res.status(202).json({ requestId });
		} catch (error) {
			next(error);
		}
	});
	router.get(`${TRIGGER_PATH}/:requestId`, guard, (req, res, next) => {
		const outcome = triggerOutcome(String(req.params.requestId));
		if (outcome === undefined) next(new AppError("not_found", "No backup was asked for under this id."));
		else res.status(200).json(outcome);
	});
	return router;
}

function isLoopback(address: string | undefined): boolean {
	return address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";
}
