import { DeviceAuthorizationSummary, DeviceCodeRequest, DeviceCodeResponse, DeviceDecision, DeviceDecisionRequest, DeviceTokenRequest, TokenResponse } from "@toolboxai/shared";
import type { AppModule } from "../../http/app-module";
import { createLimiter, type RateLimit } from "../../http/rate-limit";
import { originOf, userCallerOf } from "../../http/request-context";
import { defineRoute } from "../../http/route";
import { type Clock, systemClock } from "./clock";
import { decideDeviceAuthorization } from "./decide-device-authorization";
import type { DeviceFlowDeps } from "./device-flow";
import { getDeviceAuthorization } from "./get-device-authorization";
import { pollDeviceToken } from "./poll-device-token";
import { requestDeviceCode } from "./request-device-code";

export interface DeviceModuleOptions {
	/** Tests pass their own, to cover polling pace and expiry without sleeping. */
	readonly clock?: Clock;
}

const EXAMPLE_DEVICE_CODE = "dc_Zm9vYmFyYmF6";

/**
 * New codes per IP address. Generous, because a school's computer lab signs in from behind one address; the
 * point is that nobody can fill the table or churn through user codes.
 */
export const DEVICE_CODES_PER_IP: RateLimit = { name: "device_code_ip", points: 60, durationSeconds: 600, what: "sign-in codes requested from this address" };

/** Studio sign-in with the OAuth 2.0 device authorization grant (RFC 8628). */
export function createDeviceModule(options: DeviceModuleOptions = {}): AppModule {
	const clock = options.clock ?? systemClock;
	return {
		name: "device",
		routes: (dependencies) => {
			const deps: DeviceFlowDeps = { config: dependencies.config, infra: dependencies.infra, clock };
			const codesPerIp = createLimiter(dependencies, DEVICE_CODES_PER_IP);
			return [
				defineRoute({
					method: "post",
					path: "/v1/auth/device/code",
					operationId: "requestDeviceCode",
					summary: "Start a Studio sign-in: get a device code to poll with and a user code to show",
					description: "RFC 8628 §3.1–3.2. The plugin shows `userCode` and `verificationUri`; a teacher approves it there, signed in. Codes expire after 10 minutes.",
					tags: ["device"],
					access: { kind: "public" },
					request: { body: DeviceCodeRequest, example: { clientId: "toolboxai-studio-plugin", deviceName: "Studio on LAB-PC-07" } },
					response: { status: 200, body: DeviceCodeResponse, description: "The codes, where to approve, the poll interval and lifetime." },
					errors: ["rate_limited"],
					handle: async ({ body, req }) => {
						await codesPerIp.hit(originOf(req).ip ?? "unknown");
						return requestDeviceCode(deps, body);
					},
				}),
				defineRoute({
					method: "post",
					path: "/v1/auth/device/token",
					operationId: "pollDeviceToken",
					summary: "Poll for the tokens of a Studio sign-in",
					description:
						"RFC 8628 §3.4–3.5. Until a teacher decides: 400 authorization_pending. Polled sooner than the interval: 400 slow_down, and the interval grows by 5 s (`details.interval` says the new one). Expired, unknown or already used: 400 expired_token. Denied: 400 access_denied. Approved: the tokens, once.",
					tags: ["device"],
					access: { kind: "public" },
					request: { body: DeviceTokenRequest, example: { deviceCode: EXAMPLE_DEVICE_CODE } },
					response: { status: 200, body: TokenResponse, description: "The approving teacher's session, for the plugin." },
					errors: ["authorization_pending", "slow_down", "expired_token", "access_denied"],
					handle: ({ body }) => pollDeviceToken(deps, { deviceCode: body.deviceCode }),
				}),
				defineRoute({
					method: "get",
					path: "/v1/auth/device/:userCode",
					operationId: "getDeviceAuthorization",
					summary: "What a Studio sign-in request is, before a teacher approves it",
					description: "The approval page looks the typed code up (any case, dash optional). Unknown, expired or another school's: 404.",
					tags: ["device"],
					access: { kind: "user", permission: "device:approve" },
					response: { status: 200, body: DeviceAuthorizationSummary, description: "Device name, client, status and expiry." },
					errors: ["unauthenticated", "forbidden", "not_found"],
					handle: ({ req, params }) => getDeviceAuthorization(deps, userCallerOf(req), { userCode: params.userCode ?? "" }),
				}),
				defineRoute({
					method: "post",
					path: "/v1/auth/device/decision",
					operationId: "decideDeviceAuthorization",
					summary: "Approve or deny a Studio sign-in request",
					description: "Approving signs the plugin in as you, in this school, with your roles. Each code is decided once: a second decision answers 409.",
					tags: ["device"],
					access: { kind: "user", permission: "device:approve" },
					request: { body: DeviceDecisionRequest, example: { userCode: "BDFG-HJKL", decision: "approve" as const } },
					response: { status: 200, body: DeviceDecision, description: "What was decided, and for which device." },
					errors: ["unauthenticated", "forbidden", "not_found", "conflict"],
					handle: ({ req, body }) => decideDeviceAuthorization(deps, userCallerOf(req), body),
				}),
			];
		},
	};
}

export const deviceModule: AppModule = createDeviceModule();
