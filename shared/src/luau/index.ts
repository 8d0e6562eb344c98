export { luauHost } from "./host";
export { checkProtocol, parse } from "./validate";
export * from "./meta-probe";
