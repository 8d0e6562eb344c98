/** Direct API calls for setting up data (the browser does the rest). */
export interface Account {
	readonly email: string;
	readonly password: string;
	readonly displayName: string;
	readonly organizationName: string;
	readonly tenantId: string;
	readonly userId: string;
	readonly accessToken: string;
}

let counter = 0;

/** `T` is the body the caller expects; it is not checked here (the test's own expectations fail when it differs). */
export async function api<T = unknown>(baseUrl: string, method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }> {
	const res = await fetch(`${baseUrl}${path}`, {
		method,
		headers: {
			Accept: "application/json",
			...(body === undefined ? {} : { "Content-Type": "application/json" }),
			...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, body: text === "" ? undefined : JSON.parse(text) };
}

/** A new school and its first tenant_admin, through POST /v1/signup. */
export async function signup(baseUrl: string, name: string): Promise<Account> {
	counter++;
	const email = `${name}.${Date.now()}.${counter}@maplegrove.example`;
	const password = "correct horse battery staple";
	const displayName = `Ms ${name[0].toUpperCase()}${name.slice(1)}`;
	const organizationName = `Maple Grove ${name[0].toUpperCase()}${name.slice(1)} School`;
	const res = await api<{ tenant: { id: string }; user: { id: string }; tokens: { accessToken: string } }>(baseUrl, "POST", "/v1/signup", {
		organizationName,
		email,
		password,
		displayName,
	});
	if (res.status !== 201 && res.status !== 200) throw new Error(`signup answered ${res.status}: ${JSON.stringify(res.body)}`);
	return { email, password, displayName, organizationName, tenantId: res.body.tenant.id, userId: res.body.user.id, accessToken: res.body.tokens.accessToken };
}
