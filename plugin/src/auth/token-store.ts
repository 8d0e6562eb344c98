/**
 * The signed-in session, kept in the plugin's settings (plugin:SetSetting), so Studio remembers it between
 * sessions. Settings are per Studio user and machine, never saved into a place file.
 */

/** The part of `plugin` the store uses (the Studio plugin fits; specs pass a table). */
export interface PluginSettings {
	GetSetting(key: string): unknown;
	SetSetting(key: string, value: unknown): void;
}

export const SESSION_SETTING = "ToolBoxAISession";

export interface StoredSession {
	/** The server these tokens belong to: another address means signing in again. */
	readonly serverUrl: string;
	readonly accessToken: string;
	readonly refreshToken: string;
	/** os.time() seconds at which the access token expires. */
	readonly accessExpiresAt: number;
}

export function loadSession(settings: PluginSettings): StoredSession | undefined {
	const stored = settings.GetSetting(SESSION_SETTING);
	if (!typeIs(stored, "table")) return undefined;
	const s = stored as Partial<Record<keyof StoredSession, unknown>>;
	if (!typeIs(s.serverUrl, "string") || !typeIs(s.accessToken, "string") || !typeIs(s.refreshToken, "string")) return undefined;
	if (!typeIs(s.accessExpiresAt, "number")) return undefined;
	return { serverUrl: s.serverUrl, accessToken: s.accessToken, refreshToken: s.refreshToken, accessExpiresAt: s.accessExpiresAt };
}

export function saveSession(settings: PluginSettings, session: StoredSession): void {
	settings.SetSetting(SESSION_SETTING, {
		serverUrl: session.serverUrl,
		accessToken: session.accessToken,
		refreshToken: session.refreshToken,
		accessExpiresAt: session.accessExpiresAt,
	});
}

export function clearSession(settings: PluginSettings): void {
	settings.SetSetting(SESSION_SETTING, undefined);
}
