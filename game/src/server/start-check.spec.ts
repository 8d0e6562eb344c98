import { beforeEach, describe, expect, it } from "@rbxts/jest-globals";
import { PROTOCOL_VERSION } from "@toolboxai/shared";
import { SERVER_URL_ATTRIBUTE, STATUS_ATTRIBUTE, STATUS_MESSAGE_ATTRIBUTE } from "shared/attributes";
import { fakeHttp, metaBody, reply } from "./fake-http.spec-util";
import { readServerUrl, runStartCheck, type StartCheckDeps } from "./start-check";

const URL = "http://toolboxai.test:8080";

describe("runStartCheck", () => {
	let config: Folder;
	let status: Folder;
	let infos: Array<string>;
	let warnings: Array<string>;

	beforeEach(() => {
		config = new Instance("Folder");
		status = new Instance("Folder");
		infos = [];
		warnings = [];
	});

	function deps(http: StartCheckDeps["http"]): StartCheckDeps {
		return { http, config, status, info: (line) => infos.push(line), warn: (line) => warnings.push(line) };
	}

	it("uses a server that speaks our protocol and says so once", () => {
		config.SetAttribute(SERVER_URL_ATTRIBUTE, ` ${URL}/ `);
		const http = fakeHttp(() => reply(200, metaBody(PROTOCOL_VERSION)));
		const result = runStartCheck(deps(http));
		expect(result).toMatchObject({ ok: true, serverUrl: URL });
		expect(http.requests[0].Url).toBe(`${URL}/v1/meta`);
		expect(status.GetAttribute(STATUS_ATTRIBUTE)).toBe("ready");
		expect(infos).toEqual([`[ToolBoxAI] Using ToolBoxAI 0.1.0 at ${URL} (protocol ${PROTOCOL_VERSION}).`]);
		expect(warnings).toEqual([]);
	});

	it("refuses a server of another major version, naming both versions", () => {
		config.SetAttribute(SERVER_URL_ATTRIBUTE, URL);
		const result = runStartCheck(deps(fakeHttp(() => reply(200, metaBody("2.0.0")))));
		expect(result).toMatchObject({ ok: false, reason: "protocol_mismatch" });
		const expected = `Cannot use this server: it speaks ToolBoxAI protocol 2.0.0, this copy speaks ${PROTOCOL_VERSION}. The server is newer: update the ToolBoxAI plugin or game modules.`;
		expect(status.GetAttribute(STATUS_ATTRIBUTE)).toBe("refused");
		expect(status.GetAttribute(STATUS_MESSAGE_ATTRIBUTE)).toBe(expected);
		expect(warnings).toEqual([`[ToolBoxAI] Lessons are off on this server. ${expected}`]);
		expect(infos).toEqual([]);
	});

	it("refuses when the server is down", () => {
		config.SetAttribute(SERVER_URL_ATTRIBUTE, URL);
		const result = runStartCheck(deps(fakeHttp(() => ({ throws: "HttpError: ConnectFail" }))));
		expect(result).toMatchObject({ ok: false, reason: "server_down" });
		expect(status.GetAttribute(STATUS_ATTRIBUTE)).toBe("refused");
		expect(warnings.size()).toBe(1);
	});

	it("refuses, without a request, when no server is configured", () => {
		const http = fakeHttp(() => reply(200, metaBody(PROTOCOL_VERSION)));
		const result = runStartCheck(deps(http));
		expect(result).toMatchObject({ ok: false, reason: "not_configured" });
		expect(http.requests.size()).toBe(0);
		expect(warnings).toEqual([
			`[ToolBoxAI] Lessons are off on this server. No ToolBoxAI server is configured: set the ${SERVER_URL_ATTRIBUTE} attribute on ServerScriptService to the service address.`,
		]);
	});
});

describe("readServerUrl", () => {
	it("reads the attribute, trimmed, and treats blank or non-text values as missing", () => {
		const config = new Instance("Folder");
		expect(readServerUrl(config)).toBeUndefined();
		config.SetAttribute(SERVER_URL_ATTRIBUTE, "   ");
		expect(readServerUrl(config)).toBeUndefined();
		config.SetAttribute(SERVER_URL_ATTRIBUTE, 8080);
		expect(readServerUrl(config)).toBeUndefined();
		config.SetAttribute(SERVER_URL_ATTRIBUTE, "  https://a.example.org ");
		expect(readServerUrl(config)).toBe("https://a.example.org");
	});
});
