/** The lessons module's public entry: what app.ts and other modules may use of it. */
export { lessonsModule } from "./routes";
export { activeLessons } from "./active-lessons";
export { activeLessonVersions, releaseLessonClasses } from "./active-lesson-versions";
