/**
 * Plugin entry: engine glue only. The connection logic is in ./connection and ./meta-probe (tested under Lune);
 * this file creates the toolbar button and dock widget and wires their events to a Connection.
 */
import { CollectionService, HttpService, Workspace } from "@rbxts/services";
import type { Lesson } from "@toolboxai/shared";
import { normaliseServerUrl } from "@toolboxai/shared/out/luau";
import { SignIn } from "./auth/sign-in";
import { buttonAction, createSignInPanel, showSignIn } from "./auth/sign-in-panel";
import { Connection } from "./connection";
import { createDeployPanel, showDeployView } from "./deploy/deploy-panel";
import { DeployView } from "./deploy/deploy-view";
import { followDeployment } from "./deploy/event-stream";
import { studioStreamOpener } from "./deploy/studio-stream";
import { LESSON_TAG } from "./lessons/convention";
import { downloadVersion } from "./lessons/download";
import type { History } from "./lessons/history";
import { createLessonPanel, lessonFolderOf, parseDownloadInput, showUpload } from "./lessons/lesson-panel";
import { listMyLessons } from "./lessons/list-lessons";
import { createMyLessonsPanel, showLessons } from "./lessons/my-lessons-panel";
import { openLesson } from "./lessons/open-lesson";
import { confirmPublish, openPublish, type PublishState, toggleClass } from "./lessons/publish";
import { createPublishPanel, showPublish } from "./lessons/publish-panel";
import { uploadLesson } from "./lessons/upload";
import { createPanel, showState } from "./panel";

const SERVER_URL_SETTING = "ToolBoxAIServerUrl";
const DEFAULT_SERVER_URL = "http://localhost:8080";

const savedUrl = plugin.GetSetting(SERVER_URL_SETTING);
const serverUrl = typeIs(savedUrl, "string") && savedUrl !== "" ? savedUrl : DEFAULT_SERVER_URL;

const toolbar = plugin.CreateToolbar("ToolBoxAI");
const button = toolbar.CreateButton("ToolBoxAI", "Open the ToolBoxAI panel", "");

const widget = plugin.CreateDockWidgetPluginGui("ToolBoxAI", new DockWidgetPluginGuiInfo(Enum.InitialDockState.Right, false, false, 320, 380, 240, 300));
// PluginGui.Title is missing from @rbxts/types 1.0.954; it is a real PluginGui property.
(widget as unknown as { Title: string }).Title = "ToolBoxAI";
widget.Name = "ToolBoxAI";

const connection = new Connection(HttpService);
const panel = createPanel(widget, serverUrl);
showState(panel, connection.getState());
connection.onChange((state) => showState(panel, state));

function connectNow() {
	const address = panel.address.Text;
	plugin.SetSetting(SERVER_URL_SETTING, address);
	connection.connect(address);
}

panel.connect.Activated.Connect(() => task.spawn(connectNow));
panel.address.FocusLost.Connect((enterPressed) => {
	if (enterPressed) task.spawn(connectNow);
});
button.Click.Connect(() => {
	widget.Enabled = !widget.Enabled;
	if (widget.Enabled && connection.getState().status === "not_connected") task.spawn(connectNow);
});
widget.GetPropertyChangedSignal("Enabled").Connect(() => button.SetActive(widget.Enabled));

// Studio sign-in (RFC 8628 device flow): tokens in the plugin settings, the code shown in the widget.
const signIn = new SignIn({ http: HttpService, settings: plugin, deviceName: "Roblox Studio" });
const signInPanel = createSignInPanel(panel.root, 10);
showSignIn(signInPanel, signIn.getState());
signIn.onChange((state) => showSignIn(signInPanel, state));
signInPanel.button.Activated.Connect(() => {
	const action = buttonAction(signIn.getState());
	if (action === "cancel") return signIn.cancel();
	if (action === "sign_out") return void task.spawn(() => signIn.signOut());
	const address = normaliseServerUrl(panel.address.Text);
	if (address !== undefined) task.spawn(() => signIn.start(address));
});
// Every Studio window runs its own copy of the plugin over the same settings: show another window's sign-in or
// sign-out here while the panel is open.
const SESSION_SYNC_SECONDS = 2;
task.spawn(() => {
	for (;;) {
		task.wait(SESSION_SYNC_SECONDS);
		if (widget.Enabled) signIn.sync();
	}
});

// Publishing: a confirmation (the version, and per class on another version whether to move it), then the publish.
const publishPanel = createPublishPanel(panel.root, 35);
let publishState: PublishState = { status: "idle", message: "" };
let publishLessonId = "";
let publishing = false;
/** Set below once "My lessons" exists: a publish refreshes its rows. */
let afterPublished = () => {};
const showPublishState = (state: PublishState) => {
	publishState = state;
	showPublish(publishPanel, state, {
		chooseVersion: (version) => startPublishOf(publishLessonId, version),
		toggle: (classId) => showPublishState(toggleClass(publishState, classId)),
	});
};
function startPublishOf(lessonId: string, version?: string) {
	if (publishing) return;
	publishing = true;
	publishLessonId = lessonId;
	showPublishState({ status: "idle", message: "" });
	publishPanel.status.Visible = true;
	publishPanel.status.Text = "Reading the lesson and its classes...";
	task.spawn(() => {
		const [ran, result] = pcall(() => openPublish(signIn, lessonId, version));
		publishing = false;
		showPublishState(ran ? result : { status: "failed", message: `Publishing failed: ${tostring(result)}` });
	});
}
publishPanel.confirm.Activated.Connect(() => {
	if (publishing || publishState.status !== "confirming") return;
	publishing = true;
	const confirmed = publishState;
	publishPanel.status.Text = `Publishing v${confirmed.version}...`;
	task.spawn(() => {
		const [ran, result] = pcall(() => confirmPublish(signIn, confirmed));
		publishing = false;
		showPublishState(ran ? result : { status: "failed", message: `Publishing failed: ${tostring(result)}` });
		if (ran && result.status === "published") afterPublished();
	});
});
publishPanel.cancel.Activated.Connect(() => showPublishState({ status: "idle", message: "" }));

// Lesson authoring: the selected lesson folder (or the only one in the place) is checked, uploaded, downloaded.
const lessonPanel = createLessonPanel(panel.root, 20);
// @rbxts/types declares FinishRecording's operation as an enum; the enum item names cast to it, as here.
// Studio-only services (plugin security) are not in @rbxts/services.
const Selection = game.GetService("Selection");
const history = game.GetService("ChangeHistoryService") as unknown as History;
const selectInstance = (instance: Instance) => Selection.Set([instance]);
let uploading = false;
let lastUploaded: { lessonId: string; version: string } | undefined;
lessonPanel.upload.Activated.Connect(() => {
	if (uploading) return;
	const tagged = CollectionService.GetTagged(LESSON_TAG);
	const folder = lessonFolderOf(CollectionService, Selection.Get()[0]) ?? (tagged.size() === 1 ? tagged[0] : undefined);
	if (folder === undefined) {
		lessonPanel.status.Text = "Select a lesson folder (tagged ToolBoxAI.Lesson), or something inside one, then press Upload.";
		return;
	}
	uploading = true;
	task.spawn(() => {
		const deps = { api: signIn, tags: CollectionService, history, connection: connection.getState() };
		const [ran, result] = pcall(() => uploadLesson({ ...deps, onState: (state) => showUpload(lessonPanel, state, selectInstance) }, folder));
		uploading = false;
		if (ran) {
			showUpload(lessonPanel, result, selectInstance);
			if (result.status === "uploaded") lastUploaded = { lessonId: result.lessonId, version: result.version };
		} else showUpload(lessonPanel, { status: "failed", message: `Upload failed: ${tostring(result)}`, problems: [] }, selectInstance);
	});
});
// "Publish v1.0.3...": the version just uploaded, through the same confirmation.
lessonPanel.publish.Activated.Connect(() => {
	if (lastUploaded !== undefined) startPublishOf(lastUploaded.lessonId, lastUploaded.version);
});
lessonPanel.download.Activated.Connect(() => {
	const wanted = parseDownloadInput(lessonPanel.downloadBox.Text);
	if (wanted === undefined) {
		lessonPanel.status.Text = 'Type the lesson id and the version, e.g. "0b7c...e1 1.0.2".';
		return;
	}
	task.spawn(() => {
		const folder = new Instance("Folder");
		const result = downloadVersion({ api: signIn, tags: CollectionService, history }, wanted.lessonId, wanted.version, folder, Workspace);
		lessonPanel.status.Text = result.ok ? `Downloaded v${result.version} into ${folder.GetFullName()}.` : result.message;
		if (result.ok) Selection.Set([folder]);
	});
});

// "My lessons": the teacher's lessons from the service; Open downloads the latest version into a new folder.
const myLessons = createMyLessonsPanel(panel.root, 30);
let listing = false;
const openListed = (lesson: Lesson) =>
	task.spawn(() => {
		const [ran, result] = pcall(() => openLesson({ api: signIn, tags: CollectionService, history }, lesson, Workspace));
		if (!ran) myLessons.status.Text = `Opening "${lesson.title}" failed: ${tostring(result)}`;
		else if (!result.ok) myLessons.status.Text = result.message;
		else {
			myLessons.status.Text = `Opened v${result.version} of "${lesson.title}" in ${result.folder.GetFullName()}.`;
			Selection.Set([result.folder]);
		}
	});
const listLessonsNow = () => {
	if (listing) return;
	listing = true;
	myLessons.status.Text = "Listing your lessons...";
	task.spawn(() => {
		const [ran, result] = pcall(() => listMyLessons(signIn));
		listing = false;
		showLessons(myLessons, ran ? result : { ok: false, reason: "failed", message: `Listing your lessons failed: ${tostring(result)}` }, openListed, (lesson) =>
			startPublishOf(lesson.id),
		);
	});
};
myLessons.refresh.Activated.Connect(listLessonsNow);
afterPublished = listLessonsNow;

// Deploy: environments and releases of the school, the plan, a deploy or rollback watched every 2 s, the history.
const deployPanel = createDeployPanel(panel.root, 40);
// A deployment started here is followed through the service's event stream (Studio's WebStreamClient), polling when none opens.
const openStream = studioStreamOpener(HttpService);
const deployView = new DeployView({
	api: signIn,
	wait: (seconds) => task.wait(seconds),
	follow: (deploymentId) => {
		const target = () => {
			const session = signIn.session();
			const accessToken = signIn.accessToken();
			return session === undefined || accessToken === undefined ? undefined : { serverUrl: session.serverUrl, accessToken };
		};
		return followDeployment({ open: openStream, target, decode: (text) => HttpService.JSONDecode(text) }, deploymentId);
	},
});
const inBackground = (action: () => void) =>
	task.spawn(() => {
		const [ran, problem] = pcall(action);
		if (!ran) deployPanel.status.Text = `Deploy view failed: ${tostring(problem)}`;
	});
const deployActions = {
	selectEnvironment: (name: string) => inBackground(() => deployView.selectEnvironment(name)),
	selectRelease: (releaseId: string) => inBackground(() => deployView.selectRelease(releaseId)),
	rollback: (deploymentId: string) => inBackground(() => deployView.rollback(deploymentId)),
};
deployView.onChange((state) => showDeployView(deployPanel, state, deployActions));
deployPanel.refresh.Activated.Connect(() => inBackground(() => deployView.load()));
deployPanel.plan.Activated.Connect(() => inBackground(() => deployView.showPlan()));
deployPanel.deploy.Activated.Connect(() => inBackground(() => deployView.deploy()));
// Signing in or out changes what the view may show: load it again.
signIn.onChange((state) => {
	if (state.status === "signed_in" || state.status === "signed_out") inBackground(() => deployView.load());
});
