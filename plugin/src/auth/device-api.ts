import { DeviceCodeResponse, TokenResponse } from "@toolboxai/shared";
import { type AuthHttp, callService, type CallResult } from "./auth-http";

/** The plugin's client id, as the service's DeviceCodeRequest contract spells it. */
export const CLIENT_ID = "toolboxai-studio-plugin";

/** POST /v1/auth/device/code: a user code to show and a device code to poll with (RFC 8628 §3.1). */
export function requestDeviceCode(http: AuthHttp, serverUrl: string, deviceName?: string): CallResult<DeviceCodeResponse> {
	const body: { clientId: string; deviceName?: string } = { clientId: CLIENT_ID };
	if (deviceName !== undefined && deviceName !== "") body.deviceName = deviceName.sub(1, 80);
	return callService(http, { url: `${serverUrl}/v1/auth/device/code`, method: "POST", body, schema: DeviceCodeResponse });
}

/** POST /v1/auth/device/token: tokens once a teacher approved, else a service_error with the RFC 8628 code. */
export function pollDeviceToken(http: AuthHttp, serverUrl: string, deviceCode: string): CallResult<TokenResponse> {
	return callService(http, { url: `${serverUrl}/v1/auth/device/token`, method: "POST", body: { deviceCode }, schema: TokenResponse });
}

/** POST /v1/auth/refresh: a new access token and a new refresh token (the old one is spent). */
export function refreshSession(http: AuthHttp, serverUrl: string, refreshToken: string): CallResult<TokenResponse> {
	return callService(http, { url: `${serverUrl}/v1/auth/refresh`, method: "POST", body: { refreshToken }, schema: TokenResponse });
}

/** POST /v1/auth/logout: revokes the session (its access token and the refresh token given). */
export function logout(http: AuthHttp, serverUrl: string, accessToken: string, refreshToken: string): CallResult<undefined> {
	return callService<undefined>(http, { url: `${serverUrl}/v1/auth/logout`, method: "POST", body: { refreshToken }, accessToken });
}
