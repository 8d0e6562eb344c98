/**
 * The few widget shapes the dock widget's panels are built from, so every panel looks and lays out alike.
 * Engine glue: each takes the parent and its LayoutOrder in the panel's UIListLayout.
 */

/** A full-width button. */
export function actionButton(parent: Instance, name: string, order: number, text: string): TextButton {
	const button = new Instance("TextButton");
	button.Name = name;
	button.LayoutOrder = order;
	button.Size = new UDim2(1, 0, 0, 28);
	button.Text = text;
	button.Parent = parent;
	return button;
}

/** A full-width, wrapped, top-left text for states and messages. */
export function statusLabel(parent: Instance, name: string, order: number, height: number): TextLabel {
	const label = new Instance("TextLabel");
	label.Name = name;
	label.LayoutOrder = order;
	label.Size = new UDim2(1, 0, 0, height);
	label.BackgroundTransparency = 1;
	label.TextWrapped = true;
	label.TextXAlignment = Enum.TextXAlignment.Left;
	label.TextYAlignment = Enum.TextYAlignment.Top;
	label.Parent = parent;
	return label;
}

/** A hidden, vertically growing list whose rows are ordered by LayoutOrder. */
export function scrollingList(parent: Instance, name: string, order: number, height: number): ScrollingFrame {
	const list = new Instance("ScrollingFrame");
	list.Name = name;
	list.LayoutOrder = order;
	list.Size = new UDim2(1, 0, 0, height);
	list.AutomaticCanvasSize = Enum.AutomaticSize.Y;
	list.CanvasSize = new UDim2(0, 0, 0, 0);
	list.Visible = false;
	const layout = new Instance("UIListLayout");
	layout.SortOrder = Enum.SortOrder.LayoutOrder;
	layout.Parent = list;
	list.Parent = parent;
	return list;
}
