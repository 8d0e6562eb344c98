import react from "@vitejs/plugin-react";
import { constants } from "node:zlib";
import { defaultClientConditions, defineConfig } from "vite";
import { compression, defineAlgorithm } from "vite-plugin-compression2";

/**
 * The service serves dist/ under a strict CSP (script-src 'self'): everything is bundled into our own files,
 * with no inline scripts, no CDNs and no web fonts. "source" resolves @toolboxai/shared to its TypeScript
 * sources, as tsx and Jest do, so the dashboard never depends on shared having been compiled first.
 */
export default defineConfig({
	plugins: [
		react(),
		// Each script, style sheet and icon also as .br and .gz beside it, compressed once at build time at the highest
		// levels (the service picks one by Accept-Encoding, with no compression work per request). Files under 1 KB gain
		// too little to be worth a second copy.
		compression({
			include: /\.(js|css|svg|html)$/,
			threshold: 1024,
			skipIfLargerOrEqual: true,
			algorithms: [defineAlgorithm("brotliCompress", { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }), defineAlgorithm("gzip", { level: 9 })],
			logLevel: "silent",
		}),
	],
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
