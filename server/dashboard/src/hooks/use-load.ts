import { useCallback, useEffect, useRef, useState, type DependencyList } from "react";
import { describeError } from "../api/errors";

export interface Loaded<T> {
	/** The last answer; kept on screen while the next one loads, and when a reload fails. */
	readonly data: T | undefined;
	/** Why the last load failed, in words for the page; cleared by the next load that succeeds. */
	readonly error: string | undefined;
	/** Nothing to show yet: no answer and no error (the page shows its "Loading…" line). */
	readonly loading: boolean;
	/** A request of this load is under way: the first, a reload or an extend. */
	readonly busy: boolean;
	/** Loads again; resolves once the answer or the error is in state and never rejects, so callers can chain a notice. */
	reload(): Promise<void>;
	/**
	 * Fetches more of what is shown ("Load more", a row's details) under the same busy and error, and `merge`s the
	 * answer into it. Dropped when a reload started meanwhile: it continued what is no longer shown.
	 */
	extend<A>(fetchMore: () => Promise<A>, merge: (shown: T, answer: A) => T): Promise<void>;
}

/**
 * What a page shows from the service: loaded when the page opens and again whenever `deps` change (as with
 * useEffect), with the error in plain words (`describe`, describeError by default). Only the newest load may
 * change what is shown: an older answer arriving late (polling, a quick toggle) or after the page closed is dropped.
 */
export function useLoad<T>(loader: () => Promise<T>, deps: DependencyList, describe: (caught: unknown) => string = describeError): Loaded<T> {
	const [data, setData] = useState<T>();
	const [error, setError] = useState<string>();
	const [requests, setRequests] = useState(0);
	const newest = useRef(0);
	const newestSettled = useRef<Promise<void>>(undefined);

	const request = useCallback(
		async <A>(ask: () => Promise<A>, show: (answer: A) => void, isCurrent: () => boolean) => {
			setRequests((n) => n + 1);
			try {
				const answer = await ask();
				if (!isCurrent()) return;
				show(answer);
				setError(undefined);
			} catch (caught) {
				if (isCurrent()) setError(describe(caught));
			} finally {
				setRequests((n) => n - 1);
			}
		},
		[describe],
	);

	const reload = useCallback(
		() => {
			const load = ++newest.current;
			// A load overtaken by a newer one settles with the newer one: "reload, then say so" must wait for what is on screen.
			const settled: Promise<void> = request(
				loader,
				(answer) => setData(() => answer),
				() => load === newest.current,
			).then(() => (load === newest.current || newestSettled.current === settled ? undefined : newestSettled.current));
			newestSettled.current = settled;
			return settled;
		},
		// biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps say when the loader changes, as useEffect's do.
		deps,
	);

	const extend = useCallback(
		<A>(fetchMore: () => Promise<A>, merge: (shown: T, answer: A) => T) => {
			const continuing = newest.current;
			return request(
				fetchMore,
				(answer) => setData((shown) => (shown === undefined ? shown : merge(shown, answer))),
				() => continuing === newest.current,
			);
		},
		[request],
	);

	useEffect(() => {
		void reload();
		return () => {
			newest.current++;
		};
	}, [reload]);

	return { data, error, loading: data === undefined && error === undefined, busy: requests > 0, reload, extend };
}
