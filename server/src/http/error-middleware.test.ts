import express from "express";
import request from "supertest";
import { AppError } from "../errors/app-error";
import { errorMiddleware } from "./error-middleware";
import { rateLimited } from "./rate-limit";

/** An app whose one route throws what it is given, answered by the real error middleware. */
function throwing(error: unknown) {
	const app = express();
	app.get("/", () => {
		throw error;
	});
	app.use(errorMiddleware());
	return app;
}

describe("429 answers", () => {
	it("carry the limiter's exact Retry-After", async () => {
		const res = await request(throwing(rateLimited("tries", 42.2))).get("/");
		expect(res.status).toBe(429);
		expect(res.headers["retry-after"]).toBe("43");
		expect(res.body.error).toMatchObject({ code: "rate_limited", details: { retryAfterSeconds: 43 } });
	});

	it("carry a Retry-After even when whatever refused did not say one", async () => {
		for (const error of [new AppError("rate_limited", "Slow down."), Object.assign(new Error("Too Many Requests"), { status: 429, expose: true })]) {
			const res = await request(throwing(error)).get("/");
			expect(res.status).toBe(429);
			expect(res.headers["retry-after"]).toBe("60");
			expect(res.headers["cache-control"]).toBe("no-store");
		}
	});
});
