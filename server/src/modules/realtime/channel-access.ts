import { CHANNEL_PREFIXES, type ChannelKind } from "@toolboxai/shared";
import { isUuid } from "@toolboxai/shared/node";
import type { UserCaller } from "../../access/caller";
import { rolesAllow } from "../../access/permissions";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../errors/app-error";
import type { AppDependencies } from "../../http/app-module";
import { loadClass } from "../classes";
import { getDeployment } from "../deployments";

export type ChannelAccessDeps = Pick<AppDependencies, "infra">;

/** A channel name as ours: its kind and the id after the prefix; undefined for any other name. */
export function parseChannel(channel: string): { kind: ChannelKind; id: string } | undefined {
	for (const kind of Object.keys(CHANNEL_PREFIXES) as ChannelKind[]) {
		const prefix = CHANNEL_PREFIXES[kind];
		if (channel.startsWith(prefix) && isUuid(channel.slice(prefix.length))) return { kind, id: channel.slice(prefix.length) };
	}
	return undefined;
}

function refused(channel: string): AppError {
	return new AppError("forbidden", `You may not listen to ${channel}.`);
}

/**
 * Who may listen where, the same for Pusher subscriptions and the service's own stream:
 *  - a school's channel: its staff (teachers and admins), never another school's;
 *  - a class's channel: its teacher and the school's admins (the same rule as reading the class);
 *  - a deployment's channel: whoever may read the school's deployments.
 * Anything else, or another school's or teacher's id, is refused with 403 (the id's existence is not confirmed).
 */
export async function checkChannelAccess(deps: ChannelAccessDeps, caller: UserCaller, channel: string): Promise<void> {
	const parsed = parseChannel(channel);
	if (parsed === undefined) throw refused(channel);
	const roles = caller.actor.roles;
	if (parsed.kind === "school") {
		if (parsed.id !== caller.tenantId || !rolesAllow(roles, "lessons:read")) throw refused(channel);
		return;
	}
	if (parsed.kind === "class") {
		if (!rolesAllow(roles, "classes:read")) throw refused(channel);
		const db = deps.infra.db;
		await withTenant(db, caller.tenantId, (transaction) => loadClass(db, transaction, caller, parsed.id)).catch((error: unknown) => {
			throw notFoundAsRefusal(error, channel);
		});
		return;
	}
	if (!rolesAllow(roles, "deployments:read")) throw refused(channel);
	await getDeployment(deps, caller, { deploymentId: parsed.id }).catch((error: unknown) => {
		throw notFoundAsRefusal(error, channel);
	});
}

function notFoundAsRefusal(error: unknown, channel: string): unknown {
	return error instanceof AppError && error.code === "not_found" ? refused(channel) : error;
}

/** Each of the channels, checked in turn (the stream asks for several at once). */
export async function checkChannelsAccess(deps: ChannelAccessDeps, caller: UserCaller, channels: ReadonlyArray<string>): Promise<void> {
	for (const channel of channels) await checkChannelAccess(deps, caller, channel);
}
