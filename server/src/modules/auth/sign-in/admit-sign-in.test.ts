import { isolatedLimiterDeps, refusal } from "../../../http/__tests__/limiter-kit";
import { redisUrl } from "../../../db/__tests__/temp-database";
import type { AppError } from "../../../errors/app-error";
import { admitSignIn, liftSignInLocks, type SignInAdmission } from "./admit-sign-in";
import { addressKey } from "./limit-keys";

describe.each([
	["memory (embedded default)", undefined],
	["Redis", "redis"],
])("sign-in limits over %s", (_name, driver) => {
	let deps: ReturnType<typeof isolatedLimiterDeps>;
	beforeEach(() => {
		deps = isolatedLimiterDeps(driver === undefined ? undefined : redisUrl(), "sign-in-limits");
	});
	const fail = async (email: string, ip: string) => (await admitSignIn(deps, { email, ip })).failed();

	it("admits 5 failures of one account from one address, reports the lock once, then refuses that pair only", async () => {
		const locks = [];
		for (let i = 0; i < 5; i++) locks.push(await fail("owner@school.example", "198.51.100.1"));
		expect(locks.filter((lock) => lock !== undefined)).toEqual([{ scope: "address", lockedForSeconds: 900 }]);
		const refused = await refusal(admitSignIn(deps, { email: "Owner@School.example", ip: "198.51.100.1" }));
		expect(refused.code).toBe("rate_limited");
		expect(Number(refused.headers?.["Retry-After"])).toBeGreaterThan(800);
		// The owner elsewhere, and another account from the same address, are heard.
		await (await admitSignIn(deps, { email: "owner@school.example", ip: "198.51.100.2" })).succeeded();
		await (await admitSignIn(deps, { email: "colleague@school.example", ip: "198.51.100.1" })).succeeded();
	});

	it("counts admissions atomically: of 50 parallel attempts exactly 5 are admitted", async () => {
		const outcomes = await Promise.allSettled(Array.from({ length: 50 }, () => admitSignIn(deps, { email: "parallel@school.example", ip: "198.51.100.3" })));
		const admitted = outcomes.filter((outcome): outcome is PromiseFulfilledResult<SignInAdmission> => outcome.status === "fulfilled");
		expect(admitted).toHaveLength(5);
		for (const outcome of outcomes) if (outcome.status === "rejected") expect((outcome.reason as AppError).headers?.["Retry-After"]).toMatch(/^[1-9]\d*$/);
	});

	it("a right password gives the attempt back and ends the run of failures", async () => {
		for (let i = 0; i < 4; i++) await fail("typo@school.example", "198.51.100.4");
		await (await admitSignIn(deps, { email: "typo@school.example", ip: "198.51.100.4" })).succeeded();
		for (let i = 0; i < 4; i++) expect(await fail("typo@school.example", "198.51.100.4")).toBeUndefined();
		expect(await fail("typo@school.example", "198.51.100.4")).toEqual({ scope: "address", lockedForSeconds: 900 });
	});

	it("refuses an address past 100 failures an hour across accounts, and nobody else", async () => {
		for (let account = 0; account < 20; account++) {
			for (let i = 0; i < 5; i++) await fail(`student${account}@school.example`, "198.51.100.5");
		}
		const refused = await refusal(admitSignIn(deps, { email: "teacher@school.example", ip: "198.51.100.5" }));
		expect(refused.message).toContain("from this address");
		expect(Number(refused.headers?.["Retry-After"])).toBeGreaterThan(3000);
		await (await admitSignIn(deps, { email: "teacher@school.example", ip: "198.51.100.6" })).succeeded();
	});

	it("past 50 failures for one account from many addresses, refuses the failing addresses and still hears clean ones", async () => {
		const locks = [];
		for (let i = 0; i < 50; i++) locks.push(await fail("target@school.example", `203.0.113.${i + 1}`));
		expect(locks.filter((lock) => lock !== undefined)).toEqual([{ scope: "account", lockedForSeconds: expect.any(Number) }]);
		// An address with a failure on the account is refused now, even before its own limit of 5.
		expect((await refusal(admitSignIn(deps, { email: "target@school.example", ip: "203.0.113.1" }))).code).toBe("rate_limited");
		// Refusals gave their hits back: the failing address did not creep towards a lock of its own.
		expect((await refusal(admitSignIn(deps, { email: "target@school.example", ip: "203.0.113.1" }))).code).toBe("rate_limited");
		// The owner on a clean address is heard.
		await (await admitSignIn(deps, { email: "target@school.example", ip: "192.0.2.7" })).succeeded();
	});

	it("an administrator's unlock lifts the account's locks from every address", async () => {
		for (const ip of ["198.51.100.7", "198.51.100.8"]) for (let i = 0; i < 5; i++) await fail("forgetful@school.example", ip);
		await refusal(admitSignIn(deps, { email: "forgetful@school.example", ip: "198.51.100.7" }));
		await liftSignInLocks(deps, "FORGETFUL@school.example");
		for (const ip of ["198.51.100.7", "198.51.100.8"]) await (await admitSignIn(deps, { email: "forgetful@school.example", ip })).succeeded();
	});

	it("counts an IPv6 client by its /64", async () => {
		for (let i = 1; i <= 5; i++) await fail("v6@school.example", `2001:db8:0:1::${i}`);
		await refusal(admitSignIn(deps, { email: "v6@school.example", ip: "2001:db8:0:1:ffff::99" }));
		await (await admitSignIn(deps, { email: "v6@school.example", ip: "2001:db8:0:2::1" })).succeeded();
	});
});

test("address keys: IPv4 as is (also IPv4-mapped), IPv6 by /64, anything else one shared key", () => {
	expect(addressKey("192.0.2.1")).toBe("192.0.2.1");
	expect(addressKey("::ffff:192.0.2.1")).toBe("192.0.2.1");
	expect(addressKey("2001:db8:a:b:c:d:e:f")).toBe("2001:db8:a:b::/64");
	expect(addressKey("2001:DB8:A:B::1")).toBe("2001:db8:a:b::/64");
	expect(addressKey(undefined)).toBe("unknown");
	expect(addressKey("not an address")).toBe("unknown");
});
