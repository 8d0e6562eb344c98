/**
 * jose 6 is ESM-only and this package compiles to CommonJS (module node16). Node 20.19+ can `require` an ES
 * module, which TypeScript's node16 mode does not model, so jose is required here once and typed from its
 * declarations; everything else imports it from this file.
 */
type Jose = typeof import("jose", { with: { "resolution-mode": "import" }});

export const jose = require("jose") as Jose;
export type CryptoKey = import("jose", { with: { "resolution-mode": "import" }}).CryptoKey;
export type JWK = import("jose", { with: { "resolution-mode": "import" }}).JWK;
export type JWTHeaderParameters = import("jose", { with: { "resolution-mode": "import" }}).JWTHeaderParameters;
export type JWTPayload = import("jose", { with: { "resolution-mode": "import" }}).JWTPayload;
