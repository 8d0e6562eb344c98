/** Game server entry: engine glue only; the check itself is in ./start-check (tested under Lune). */
import { HttpService, ReplicatedStorage, ServerScriptService } from "@rbxts/services";
import { runStartCheck } from "./start-check";

// HttpService brings the Secrets store too (GetSecret): the start check reads the API key from it.
runStartCheck({
	http: HttpService,
	config: ServerScriptService,
	status: ReplicatedStorage,
	info: (line) => print(line),
	warn: (line) => warn(line),
});
