import react from "@vitejs/plugin-react";
import { defaultClientConditions, defineConfig } from "vite";

/**
 * The service serves dist/ under a strict CSP (script-src 'self'): everything is bundled into our own files,
 * with no inline scripts, no CDNs and no web fonts. "source" resolves @toolboxai/shared to its TypeScript
 * sources, as tsx and Jest do, so the dashboard never depends on shared having been compiled first.
 */
export default defineConfig({
	plugins: [react()],
	resolve: { conditions: ["source", ...defaultClientConditions] },
	build: {
		outDir: "dist",
		emptyOutDir: true,
		// Our own small app: one entry, hashed file names (the service caches /assets/* as immutable).
		assetsInlineLimit: 0,
		sourcemap: false,
		// The module preload polyfill is an inline-free helper in the entry chunk; keep it so older browsers work too.
		modulePreload: { polyfill: true },
		reportCompressedSize: false,
	},
	logLevel: "warn",
});
