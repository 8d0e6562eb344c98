import { useEffect, useRef, type ReactNode } from "react";

/**
 * Every page starts with its h1, which takes focus when the page opens: screen readers announce the new page
 * as they would after a full load, and keyboard users start from the top.
 */
export function Page({ title, children, wide = false }: { title: string; children: ReactNode; wide?: boolean }) {
	const heading = useRef<HTMLHeadingElement>(null);
	useEffect(() => {
		document.title = `${title} · ToolBoxAI`;
		heading.current?.focus();
	}, [title]);
	return (
		<section className={wide ? "page page-wide" : "page"} aria-labelledby="page-title">
			<h1 id="page-title" ref={heading} tabIndex={-1}>
				{title}
			</h1>
			{children}
		</section>
	);
}

/** Errors are announced as soon as they appear (role=alert); success notes politely (role=status). */
export function Alert({ children, id, tone = "error" }: { children: ReactNode; id?: string; tone?: "error" | "info" }) {
	return (
		<div className={tone === "error" ? "alert alert-error" : "alert alert-info"} role="alert" id={id}>
			{children}
		</div>
	);
}

export function Notice({ children }: { children: ReactNode }) {
	return (
		<div className="alert alert-info" role="status">
			{children}
		</div>
	);
}

export function Loading({ label }: { label: string }) {
	return (
		<p className="muted" role="status" aria-live="polite">
			{label}
		</p>
	);
}
