/// <reference types="vite/client" />

/** True only in the bench build (`vite build --mode bench`); see vite.config.ts. */
declare const __BENCH__: boolean;

/** The bundled seeds' fingerprint (shared/seed-version.ts), computed at build time. */
declare const __SEED_VERSION__: string;
