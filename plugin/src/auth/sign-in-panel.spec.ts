import { describe, expect, it } from "@rbxts/jest-globals";
import { buttonAction, createSignInPanel, showSignIn } from "./sign-in-panel";
import type { SignInState } from "./sign-in";

const AWAITING: SignInState = {
	status: "awaiting_approval",
	serverUrl: "http://toolboxai.test",
	userCode: "BDFG-HJKL",
	verificationUri: "http://toolboxai.test/device",
	verificationUriComplete: "http://toolboxai.test/device?code=BDFG-HJKL",
	expiresAt: 1_000_600,
	interval: 5,
};

describe("sign-in panel", () => {
	it("shows the user code and where to enter it while a teacher has to approve", () => {
		const root = new Instance("Frame");
		const panel = createSignInPanel(root, 10);
		expect(panel.userCode.Visible).toBe(false);
		showSignIn(panel, AWAITING);
		expect(panel.userCode.Visible).toBe(true);
		expect(panel.userCode.Text).toBe("BDFG-HJKL");
		expect(panel.status.Text).toBe("Go to http://toolboxai.test/device and enter the code BDFG-HJKL. This window signs in once a teacher approves it.");
		expect(panel.button.Text).toBe("Cancel sign-in");
		expect(root.FindFirstChild("SignIn")).toBe(panel.button);
	});

	it("offers the action that fits each state, and hides the code outside the wait", () => {
		const panel = createSignInPanel(new Instance("Frame"), 1);
		showSignIn(panel, AWAITING);
		showSignIn(panel, { status: "signed_in", serverUrl: "http://toolboxai.test" });
		expect(panel.userCode.Visible).toBe(false);
		expect(panel.userCode.Text).toBe("");
		expect(panel.button.Text).toBe("Sign out");
		expect(panel.status.Text).toBe("Signed in to http://toolboxai.test.");
		showSignIn(panel, { status: "error", serverUrl: "x", reason: "denied", message: "A teacher denied this sign-in." });
		expect(panel.button.Text).toBe("Sign in");
		expect(panel.status.Text).toBe("A teacher denied this sign-in.");
		expect(buttonAction({ status: "requesting_code", serverUrl: "x" })).toBe("cancel");
		expect(buttonAction({ status: "signed_out" })).toBe("start");
	});
});
