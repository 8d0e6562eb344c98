/**
 * Where the place keeps its ToolBoxAI settings and state, as instance attributes.
 * - ServerScriptService.ToolBoxAIServerUrl: the service address (set in the place; default in default.project.json).
 * - ReplicatedStorage.ToolBoxAIStatus / ToolBoxAIStatusMessage: what the start check found, visible to clients.
 */
export const SERVER_URL_ATTRIBUTE = "ToolBoxAIServerUrl";
export const STATUS_ATTRIBUTE = "ToolBoxAIStatus";
export const STATUS_MESSAGE_ATTRIBUTE = "ToolBoxAIStatusMessage";

/** "checking" while the start check runs; "ready" when the server may be used; "refused" otherwise. */
export type ServiceStatus = "checking" | "ready" | "refused";
