import { describe, expect, it } from "@rbxts/jest-globals";
import { createJoinForm, MESSAGES } from "./join-form";

describe("join form", () => {
	it("enables Join only for something that can be a code, with a message for a typo", () => {
		const form = createJoinForm();
		expect(form.state()).toEqual({ text: "", phase: "editing", message: MESSAGES.prompt, canSubmit: false });
		expect(form.setText("hello").message).toBe(MESSAGES.badCode);
		expect(form.setText("hkm-7rtx").canSubmit).toBe(true);
	});

	it("sends the normalised code and shows the class on success; further submits are ignored", () => {
		const form = createJoinForm();
		const sent = new Array<string>();
		const seen = new Array<string>();
		form.onChanged((state) => seen.push(state.phase));
		form.setText("hkm 7rtx");
		const done = form.submit((code) => {
			sent.push(code);
			return { status: "joined", className: "Period 3 Fractions" };
		});
		expect(sent).toEqual(["HKM7RTX"]);
		expect(seen).toEqual(["editing", "pending", "joined"]);
		expect(done.message).toBe(MESSAGES.joined("Period 3 Fractions"));
		form.submit((code) => sent.push(code));
		expect(sent.size()).toBe(1);
	});

	it("maps wrong code, try later, a failed invoke and an unexpected reply to messages", () => {
		const form = createJoinForm();
		form.setText("HKM7RTX");
		expect(form.submit(() => ({ status: "wrong_code" })).message).toBe(MESSAGES.wrongCode);
		form.setText("HKM7RTX");
		expect(form.submit(() => ({ status: "try_later" }))).toEqual({ text: "HKM7RTX", phase: "error", message: MESSAGES.tryLater, canSubmit: true });
		expect(form.submit(() => error("remote timed out")).message).toBe(MESSAGES.tryLater);
		expect(form.submit(() => ({ status: "joined" })).message).toBe(MESSAGES.tryLater);
		expect(form.submit(() => "joined").phase).toBe("error");
	});

	it("tells the student plainly when the school's seats are taken or its subscription has ended", () => {
		const form = createJoinForm();
		form.setText("HKM7RTX");
		expect(form.submit(() => ({ status: "class_full" }))).toEqual({ text: "HKM7RTX", phase: "error", message: MESSAGES.classFull, canSubmit: false });
		form.setText("HKM7RTX");
		expect(form.submit(() => ({ status: "subscription_ended" })).message).toBe(MESSAGES.subscriptionEnded);
	});

	it("says the student can play now when the server kept the code while the lesson service is away", () => {
		const form = createJoinForm();
		form.setText("HKM7RTX");
		expect(form.submit(() => ({ status: "joined_offline" }))).toEqual({ text: "HKM7RTX", phase: "joined", message: MESSAGES.joinedOffline, canSubmit: false });
	});
});
