/** A labelled text input with its help line, replaced by its problem when it has one (announced, and tied to the input). */
export function TextField(props: {
	id: string;
	label: string;
	value: string;
	onChange: (value: string) => void;
	problem?: string;
	help?: string;
	type?: string;
	numeric?: boolean;
	autoComplete?: string;
}) {
	const describedBy = props.problem !== undefined ? `${props.id}-error` : props.help !== undefined ? `${props.id}-help` : undefined;
	return (
		<div className="field">
			<label htmlFor={props.id}>{props.label}</label>
			<input
				id={props.id}
				type={props.type ?? "text"}
				inputMode={props.numeric === true ? "numeric" : undefined}
				autoComplete={props.autoComplete ?? "off"}
				value={props.value}
				onChange={(e) => props.onChange(e.target.value)}
				aria-invalid={props.problem !== undefined}
				aria-describedby={describedBy}
			/>
			{props.help !== undefined && props.problem === undefined && (
				<p className="help" id={`${props.id}-help`}>
					{props.help}
				</p>
			)}
			{props.problem !== undefined && (
				<p className="field-error" id={`${props.id}-error`} role="alert">
					{props.problem}
				</p>
			)}
		</div>
	);
}
