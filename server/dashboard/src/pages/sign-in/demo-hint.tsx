import { useEffect, useState } from "react";
import { Meta } from "@toolboxai/shared";
import { call } from "../../api/client";

type DemoSignIn = NonNullable<Meta["demoSignIn"]>;

/**
 * On the embedded default only (the service says so in /v1/meta): who to sign in as in the demo school. The
 * password is never sent; it is printed where the service started. Anything going wrong just shows no hint.
 */
export function DemoHint() {
	const [demo, setDemo] = useState<DemoSignIn>();
	useEffect(() => {
		const abort = new AbortController();
		call(Meta, "GET", "/v1/meta", { signal: abort.signal }).then(
			(meta) => setDemo(meta.demoSignIn),
			() => undefined,
		);
		return () => abort.abort();
	}, []);
	if (demo === undefined) return null;
	return (
		<p className="alert alert-info demo-hint">
			Demo school: sign in to {demo.school} as <strong>{demo.email}</strong> with the password printed in the terminal where the service started.
		</p>
	);
}
