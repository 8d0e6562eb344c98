import { ConfigError } from "./config-error";
import { loadConfig } from "./load-config";

const production = { NODE_ENV: "production", PUBLIC_URL: "https://toolbox.example.org", ALLOW_EMBEDDED: "true", SECRETS_KEY: Buffer.alloc(32, 7).toString("base64") };

function problemsOf(env: NodeJS.ProcessEnv): string[] {
	try {
		loadConfig(env, "/srv");
	} catch (error) {
		if (error instanceof ConfigError) return error.problems.map((p) => `${p.setting}: ${p.problem}`);
		throw error;
	}
	return [];
}

describe("billing settings", () => {
	it("leave billing off without STRIPE_SECRET_KEY, so the embedded default needs nothing from Stripe", () => {
		expect(loadConfig({}, "/srv").billing).toBeUndefined();
		expect(loadConfig({ ...production }, "/srv").billing).toBeUndefined();
	});

	it("read the key, both rotation secrets, the price, the trial and a local API address for tests", () => {
		const config = loadConfig(
			{
				STRIPE_SECRET_KEY: "sk_test_123",
				STRIPE_WEBHOOK_SECRET: "whsec_new, whsec_old",
				STRIPE_PRICE_ID: "price_seat",
				BILLING_TRIAL_DAYS: "14",
				BILLING_TRIAL_SEATS: "40",
				STRIPE_API_URL: "http://localhost:12111",
			},
			"/srv",
		);
		expect(config.billing).toEqual({
			secretKey: "sk_test_123",
			webhookSecrets: ["whsec_new", "whsec_old"],
			priceId: "price_seat",
			trialDays: 14,
			trialSeats: 40,
			api: { protocol: "http", host: "localhost", port: 12111 },
		});
		expect(loadConfig({ STRIPE_SECRET_KEY: "sk_test_123" }, "/srv").billing).toMatchObject({ trialDays: 30, trialSeats: 100, webhookSecrets: [] });
	});

	it("refuse production with a Stripe key and no webhook secret, naming the setting", () => {
		expect(problemsOf({ ...production, STRIPE_SECRET_KEY: "sk_live_abc", STRIPE_PRICE_ID: "price_seat" })).toEqual([expect.stringMatching(/^STRIPE_WEBHOOK_SECRET: is required/)]);
		expect(problemsOf({ ...production, STRIPE_SECRET_KEY: "sk_live_abc", STRIPE_WEBHOOK_SECRET: "whsec_x" })).toEqual([expect.stringMatching(/^STRIPE_PRICE_ID: is required/)]);
		expect(problemsOf({ ...production, STRIPE_SECRET_KEY: "sk_live_abc", STRIPE_WEBHOOK_SECRET: "whsec_x", STRIPE_PRICE_ID: "price_seat" })).toEqual([]);
	});

	it("name malformed values without echoing secrets", () => {
		const problems = problemsOf({ STRIPE_SECRET_KEY: "pk_live_oops", STRIPE_WEBHOOK_SECRET: "not-a-secret" });
		expect(problems).toEqual([expect.stringMatching(/^STRIPE_SECRET_KEY: must be a Stripe secret key/), expect.stringMatching(/^STRIPE_WEBHOOK_SECRET: must be one or two/)]);
		expect(problems.join(" ")).not.toContain("pk_live_oops");
		expect(problems.join(" ")).not.toContain("not-a-secret");
	});
});
