export { luauHost } from "./host";
export { checkLessonRules, checkProtocol, parse } from "./validate";
export * from "./meta-probe";
