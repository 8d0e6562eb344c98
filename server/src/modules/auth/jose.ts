/**
 * jose 6 is ESM-only and this package compiles to CommonJS (module node16). Node 20.19+ can `require` an ES
 * module, which TypeScript's node16 mode does not model, so jose is required here once and typed from its
 * declarations; everything else imports it from this file.
 */
import type * as Jose from "jose" with { "resolution-mode": "import" };

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const jose = require("jose") as typeof Jose;
export type { CryptoKey, JWK, JWTHeaderParameters } from "jose" with { "resolution-mode": "import" };
