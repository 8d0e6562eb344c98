import { describeState, type ConnectionState } from "./connection";
import { actionButton, statusLabel } from "./widgets";

/** The dock widget's contents: an address box, a Connect button and the connection state in plain words. */
export interface Panel {
	readonly root: ScrollingFrame;
	readonly address: TextBox;
	readonly connect: TextButton;
	readonly status: TextLabel;
}

export function createPanel(parent: Instance, serverUrl: string): Panel {
	// Scrolls: the sections (connection, sign-in, lessons, deploy) are taller together than a docked widget.
	const root = new Instance("ScrollingFrame");
	root.Name = "ToolBoxAIPanel";
	root.Size = UDim2.fromScale(1, 1);
	root.BackgroundTransparency = 1;
	root.AutomaticCanvasSize = Enum.AutomaticSize.Y;
	root.CanvasSize = new UDim2(0, 0, 0, 0);
	root.ScrollingDirection = Enum.ScrollingDirection.Y;

	const padding = new Instance("UIPadding");
	padding.PaddingTop = new UDim(0, 8);
	padding.PaddingBottom = new UDim(0, 8);
	padding.PaddingLeft = new UDim(0, 8);
	padding.PaddingRight = new UDim(0, 8);
	padding.Parent = root;

	const layout = new Instance("UIListLayout");
	layout.Padding = new UDim(0, 6);
	layout.SortOrder = Enum.SortOrder.LayoutOrder;
	layout.Parent = root;

	const address = new Instance("TextBox");
	address.Name = "ServerAddress";
	address.LayoutOrder = 1;
	address.Size = new UDim2(1, 0, 0, 28);
	address.ClearTextOnFocus = false;
	address.PlaceholderText = "Server address, e.g. https://toolboxai.example.org";
	address.Text = serverUrl;
	address.TextXAlignment = Enum.TextXAlignment.Left;
	address.Parent = root;

	const connect = actionButton(root, "Connect", 2, "Connect");
	const status = statusLabel(root, "Status", 3, 96);

	root.Parent = parent;
	return { root, address, connect, status };
}

/** Puts a connection state on the panel. */
export function showState(panel: Panel, state: ConnectionState): void {
	panel.status.Text = describeState(state);
	panel.status.TextColor3 = state.status === "error" ? Color3.fromRGB(220, 80, 70) : state.status === "connected" ? Color3.fromRGB(60, 170, 90) : Color3.fromRGB(150, 150, 150);
	panel.connect.Text = state.status === "connecting" ? "Connecting..." : state.status === "connected" ? "Reconnect" : "Connect";
	panel.connect.AutoButtonColor = state.status !== "connecting";
}
