import type { Infrastructure } from "../../infrastructure.types";

/** What release operations use of the app's dependencies: the rows, and object storage for the files' bytes. */
export interface ReleaseDeps {
	readonly infra: Pick<Infrastructure, "db" | "storage">;
}

/** What reading releases uses: the rows only. */
export interface ReleaseDbDeps {
	readonly infra: Pick<Infrastructure, "db">;
}
