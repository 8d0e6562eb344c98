/**
 * The school schemathesis runs as: one new school and its first administrator, made through the public API.
 * Everything about how an account comes to exist lives here, so a change to sign-up changes only this function.
 */
export interface SeededAdmin {
	readonly email: string;
	readonly accessToken: string;
}

export async function seedSchoolAdmin(baseUrl: string): Promise<SeededAdmin> {
	const email = `schemathesis.${Date.now()}@maplegrove.example`;
	const res = await fetch(`${baseUrl}/v1/signup`, {
		method: "POST",
		headers: { "Content-Type": "application/json", Accept: "application/json" },
		body: JSON.stringify({ organizationName: "Schemathesis School", email, password: "correct horse battery staple", displayName: "Ms Schemathesis" }),
	});
	const body = (await res.json()) as { tokens?: { accessToken?: string } };
	const accessToken = body.tokens?.accessToken;
	if (res.status !== 201 || accessToken === undefined) throw new Error(`sign-up answered ${res.status}: ${JSON.stringify(body)}`);
	return { email, accessToken };
}
