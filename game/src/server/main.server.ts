/** Game server entry: engine glue only; the check itself is in ./start-check (tested under Lune). */
import { DataStoreService, HttpService, ReplicatedStorage, ServerScriptService } from "@rbxts/services";
import { activeContent, startContent } from "./content/start";
import { startJoin } from "./join/start";
import { progressSender, startProgress } from "./progress/start";
import { startQuizWhenLoaded } from "./quiz/start";
import { runStartCheck } from "./start-check";

// HttpService brings the Secrets store too (GetSecret): the start check reads the API key from it.
const check = runStartCheck({
	http: HttpService,
	config: ServerScriptService,
	status: ReplicatedStorage,
	info: (line) => print(line),
	warn: (line) => warn(line),
});

// Progress goes out only with a key allowed to write it: without the scope every batch would be refused.
if (check.ok && check.identity.scopes.includes("progress:write")) {
	startProgress({
		client: check.client,
		ids: HttpService,
		dataStores: DataStoreService,
		jobId: game.JobId,
		bindToClose: (callback) => game.BindToClose(callback),
		warn: (line) => warn(line),
	});
}

// Lesson content and class joins, each only when the key has the scope its route needs.
if (check.ok && check.identity.scopes.includes("runtime:read")) {
	startContent(check.client, (line) => warn(line));
}
if (check.ok && check.identity.scopes.includes("classes:join")) {
	startJoin(check.client, (line) => warn(line));
}

// Quizzes: the first active lesson once content has loaded; answers and steps go out through the progress sender.
const content = activeContent();
if (content !== undefined) {
	startQuizWhenLoaded(content, {
		record: (event) => progressSender()?.record(event),
		warn: (line) => warn(line),
		// Content needs runtime:read, so the key may also read where returning players resume.
		client: check.ok ? check.client : undefined,
	});
}
