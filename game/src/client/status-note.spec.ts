import { describe, expect, it } from "@rbxts/jest-globals";
import { UNREADABLE_NOTICE } from "shared/remotes";
import { noticeText } from "./lesson-ui/view";
import { OFFLINE_NOTE, statusNote } from "./status-note";

describe("what students read about the lesson service", () => {
	it("a small note that progress is kept while the service is offline, nothing otherwise", () => {
		expect(statusNote("offline")).toBe(OFFLINE_NOTE);
		for (const word of ["ready", "checking", "refused", undefined, 42]) expect(statusNote(word)).toBeUndefined();
	});

	it("a notice's text when the server could not read a call, and nothing for anything else", () => {
		expect(noticeText(UNREADABLE_NOTICE)).toBe(UNREADABLE_NOTICE.text);
		expect(noticeText("text")).toBeUndefined();
		expect(noticeText({ text: string.rep("x", 1000) })).toBeUndefined();
		expect(noticeText(undefined)).toBeUndefined();
	});
});
