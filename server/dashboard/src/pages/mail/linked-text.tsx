/** A mail's plain text with its web addresses as links (the outbox stands in for an inbox on the embedded default). */
export function LinkedText({ text }: { text: string }) {
	const parts = text.split(/(https?:\/\/[^\s<>"']+)/g);
	return (
		<pre className="mail-text">
			{parts.map((part, index) =>
				/^https?:\/\//.test(part) ? (
					// biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text never reorder.
					<a key={index} href={part.replace(/[.,;:!?)]+$/, "")}>
						{part}
					</a>
				) : (
					part
				),
			)}
		</pre>
	);
}
