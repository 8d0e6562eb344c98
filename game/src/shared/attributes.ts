/**
 * Where the place keeps its ToolBoxAI settings and state, as instance attributes.
 * - ServerScriptService.ToolBoxAIServerUrl: the service address (set in the place; default in default.project.json).
 * - ServerScriptService.ToolBoxAIStatusMessage: what the start check found, in full (the address, the school, the
 *   key's scopes, or why it refused). ServerScriptService never replicates, so clients cannot read it.
 * - ReplicatedStorage.ToolBoxAIStatus: one plain word clients may see (ServiceStatus), nothing else.
 */
export const SERVER_URL_ATTRIBUTE = "ToolBoxAIServerUrl";
export const STATUS_ATTRIBUTE = "ToolBoxAIStatus";
export const STATUS_MESSAGE_ATTRIBUTE = "ToolBoxAIStatusMessage";

/**
 * "checking" while the first start check runs; "ready" when the service answers; "offline" while it cannot be
 * reached (lessons come from the deployed release and progress is kept to be sent later); "refused" when it answered
 * but may not be used (no address, another protocol, no key or a refused key): lessons are off.
 */
export type ServiceStatus = "checking" | "ready" | "offline" | "refused";
