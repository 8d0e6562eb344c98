import { type Service, waitForMail } from "./service";

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

/**
 * A new school and its first tenant_admin, as a person makes one: POST /v1/signup (202), the link in the mail
 * (read from the service's outbox), POST /v1/signup/complete (201).
 */
export async function signup(service: Service, name: string): Promise<Account> {
	counter++;
	const email = `${name}.${Date.now()}.${counter}@maplegrove.example`;
	const password = "correct horse battery staple";
	const displayName = `Ms ${name[0].toUpperCase()}${name.slice(1)}`;
	const organizationName = `Maple Grove ${name[0].toUpperCase()}${name.slice(1)} School`;
	const asked = await api(service.url, "POST", "/v1/signup", { organizationName, email });
	if (asked.status !== 202) throw new Error(`signup answered ${asked.status}: ${JSON.stringify(asked.body)}`);
	const token = signupTokenIn(await waitForMail(service, email, "signup-finish"));
	const res = await api<{ tenant: { id: string }; user: { id: string }; tokens: { accessToken: string } }>(service.url, "POST", "/v1/signup/complete", {
		token,
		password,
		displayName,
	});
	if (res.status !== 201) throw new Error(`signup/complete answered ${res.status}: ${JSON.stringify(res.body)}`);
	return { email, password, displayName, organizationName, tenantId: res.body.tenant.id, userId: res.body.user.id, accessToken: res.body.tokens.accessToken };
}

/** The token of the sign-up link in a mail's text. */
export function signupTokenIn(text: string): string {
	const token = /\/sign-up\/complete\?token=([A-Za-z0-9_%-]+)/.exec(text)?.[1];
	if (token === undefined) throw new Error(`no sign-up link in: ${text}`);
	return decodeURIComponent(token);
}
