import { PASSWORD_MIN } from "../api/identity";

interface TextField {
	readonly id: string;
	readonly label: string;
	readonly value: string;
	readonly onChange: (value: string) => void;
}

/**
 * Choosing a password (reset, sign-up, invitation): the field with the service's rule spelled out, and optionally a
 * second field to repeat it. The page checks the length and the match; this only lays the fields out alike everywhere.
 */
export function NewPasswordFields({ password, repeat, invalid }: { password: TextField; repeat?: TextField; invalid?: boolean }) {
	return (
		<>
			<div className="field">
				<label htmlFor={password.id}>{password.label}</label>
				<input
					id={password.id}
					type="password"
					autoComplete="new-password"
					value={password.value}
					onChange={(e) => password.onChange(e.target.value)}
					{...(invalid === undefined ? {} : { "aria-invalid": invalid })}
					aria-describedby={`${password.id}-help`}
				/>
				<p className="help" id={`${password.id}-help`}>
					At least {PASSWORD_MIN} characters; a few unrelated words make a strong one.
				</p>
			</div>
			{repeat !== undefined && (
				<div className="field">
					<label htmlFor={repeat.id}>{repeat.label}</label>
					<input id={repeat.id} type="password" autoComplete="new-password" value={repeat.value} onChange={(e) => repeat.onChange(e.target.value)} />
				</div>
			)}
		</>
	);
}
