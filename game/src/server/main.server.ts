/** Game server entry: engine glue only; how the server starts is in ./boot (its parts are tested under Lune). */
import { DataStoreService, HttpService, MessagingService, ReplicatedStorage, ServerScriptService } from "@rbxts/services";
import { startGameServer } from "./boot";
import { dataStoreBudget } from "./datastore-budget";

// HttpService brings the Secrets store too (GetSecret): the start check reads the API key from it.
startGameServer({
	http: HttpService,
	config: ServerScriptService,
	status: ReplicatedStorage,
	openDataStore: (name) => DataStoreService.GetDataStore(name),
	dataStoreBudget: dataStoreBudget(DataStoreService),
	subscribe: (topic, handler) => MessagingService.SubscribeAsync(topic, handler),
	decodeJson: (text) => HttpService.JSONDecode(text),
	ids: HttpService,
	jobId: game.JobId,
	bindToClose: (callback) => game.BindToClose(callback),
	info: (line) => print(line),
	warn: (line) => warn(line),
});
