import { actionButton, statusLabel } from "../widgets";
import { describeSignIn, type SignInState } from "./sign-in";

/**
 * The sign-in part of the dock widget: a Sign in / Cancel / Sign out button, the user code in large type while a
 * teacher has to approve it, and the state in plain words. Engine glue only; the logic is in ./sign-in.
 */
export interface SignInPanel {
	readonly button: TextButton;
	readonly userCode: TextBox;
	readonly status: TextLabel;
}

export function createSignInPanel(parent: Instance, firstLayoutOrder: number): SignInPanel {
	const button = actionButton(parent, "SignIn", firstLayoutOrder, "Sign in");

	// A TextBox that cannot be edited: people can select the code and copy it.
	const userCode = new Instance("TextBox");
	userCode.Name = "UserCode";
	userCode.LayoutOrder = firstLayoutOrder + 1;
	userCode.Size = new UDim2(1, 0, 0, 40);
	userCode.TextEditable = false;
	userCode.ClearTextOnFocus = false;
	userCode.TextSize = 28;
	userCode.Text = "";
	userCode.Visible = false;
	userCode.Parent = parent;

	const status = statusLabel(parent, "SignInStatus", firstLayoutOrder + 2, 64);

	return { button, userCode, status };
}

/** What the button does in each state. */
export function buttonAction(state: SignInState): "start" | "cancel" | "sign_out" {
	switch (state.status) {
		case "requesting_code":
		case "awaiting_approval":
			return "cancel";
		case "signed_in":
			return "sign_out";
		default:
			return "start";
	}
}

export function showSignIn(panel: SignInPanel, state: SignInState): void {
	panel.status.Text = describeSignIn(state);
	panel.status.TextColor3 = state.status === "error" ? Color3.fromRGB(220, 80, 70) : state.status === "signed_in" ? Color3.fromRGB(60, 170, 90) : Color3.fromRGB(150, 150, 150);
	const action = buttonAction(state);
	panel.button.Text = action === "cancel" ? "Cancel sign-in" : action === "sign_out" ? "Sign out" : "Sign in";
	panel.userCode.Visible = state.status === "awaiting_approval";
	panel.userCode.Text = state.status === "awaiting_approval" ? state.userCode : "";
}
