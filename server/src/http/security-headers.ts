import helmet from "helmet";
import type { RequestHandler } from "express";

/**
 * Helmet's defaults (CSP, nosniff, frame-ancestors, referrer policy, HSTS, no X-Powered-By), with two
 * changes: the docs page loads only our own files, so CSP stays strict; and on a plain-http public URL
 * (the embedded default on a laptop or school LAN) upgrade-insecure-requests would break every asset.
 */
export function securityHeaders(publicUrl: string): RequestHandler {
	const https = publicUrl.startsWith("https:");
	return helmet({
		contentSecurityPolicy: {
			directives: {
				"upgrade-insecure-requests": https ? [] : null,
			},
		},
		strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
	});
}
