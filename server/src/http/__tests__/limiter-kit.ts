import { randomBytes } from "node:crypto";
import { AppError } from "../../errors/app-error";
import type { Infrastructure } from "../../infrastructure.types";

/**
 * Dependencies for a limiter of its own: limiters key their store by the infrastructure object and the data dir, so
 * each call gives a fresh, empty store (in process without `redis`, in Redis with it).
 */
export function isolatedLimiterDeps(redis: string | undefined, name = "limits") {
	return { config: { redisUrl: redis, dataDir: `/tmp/${name}-${randomBytes(6).toString("hex")}` }, infra: {} as Infrastructure };
}

/** The AppError a promise is refused with (fails the test when it resolves). */
export async function refusal(promise: Promise<unknown>): Promise<AppError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(AppError);
		return error as AppError;
	}
	throw new Error("expected a refusal");
}
