/** The classes module's public entry: what app.ts and other modules may use of it. */
export { classesModule } from "./routes";
export { loadClass, managesAllClasses } from "./class-access";
export { joinClass } from "./join-class";
