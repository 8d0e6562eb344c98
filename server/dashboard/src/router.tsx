import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from "react";

/**
 * A few pages need no routing library: paths live in the History API, and the service answers every client
 * path (/, /device, /api-keys, /audit, /sign-in, /sign-out) with the same index.html.
 */
const CHANGE = "toolboxai:navigate";

export interface Location {
	readonly pathname: string;
	readonly search: URLSearchParams;
	/** pathname + search, for "come back here after sign-in". */
	readonly href: string;
}

function readLocation(): Location {
	return { pathname: window.location.pathname, search: new URLSearchParams(window.location.search), href: window.location.pathname + window.location.search };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
	if (options.replace === true) window.history.replaceState(null, "", to);
	else window.history.pushState(null, "", to);
	window.dispatchEvent(new Event(CHANGE));
}

export function useLocation(): Location {
	const [location, setLocation] = useState(readLocation);
	useEffect(() => {
		const update = () => setLocation(readLocation());
		window.addEventListener("popstate", update);
		window.addEventListener(CHANGE, update);
		return () => {
			window.removeEventListener("popstate", update);
			window.removeEventListener(CHANGE, update);
		};
	}, []);
	return location;
}

/** Only our own paths may be a "next" target: no other origin, no protocol-relative //host. */
export function safeNext(next: string | null): string {
	if (next === null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
	return next;
}

export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
	const { onClick, href, ...rest } = props;
	const follow = (event: MouseEvent<HTMLAnchorElement>) => {
		onClick?.(event);
		if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
		event.preventDefault();
		navigate(href);
	};
	return <a {...rest} href={href} onClick={follow} />;
}
