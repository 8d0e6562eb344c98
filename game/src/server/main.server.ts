/** Game server entry: engine glue only; the check itself is in ./start-check (tested under Lune). */
import { RELEASE_DATA_STORE } from "@toolboxai/shared";
import { DataStoreService, HttpService, MessagingService, ReplicatedStorage, ServerScriptService } from "@rbxts/services";
import { activeContent, startContent } from "./content/start";
import { startJoin } from "./join/start";
import { progressSender, startProgress } from "./progress/start";
import { startQuizWhenLoaded } from "./quiz/start";
import { startReleases } from "./release/start";
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

// Deployed releases: asset ids by name, lessons to fall back on, and announcements that reload content at once.
// Reading the data store needs no service key, so this runs whatever the start check said.
const [releaseStoreOk, releaseStore] = pcall(() => DataStoreService.GetDataStore(RELEASE_DATA_STORE));
if (releaseStoreOk) {
	startReleases(
		{
			store: releaseStore,
			subscribe: (topic, handler) => MessagingService.SubscribeAsync(topic, handler),
			decodeJson: (text) => HttpService.JSONDecode(text),
			warn: (line) => warn(line),
		},
		activeContent(),
	);
} else {
	warn(`[ToolBoxAI] No data store access (${tostring(releaseStore)}): deployed releases are not read`);
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
