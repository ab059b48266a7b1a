// Types for scripts/chromium.mjs.
export const CHROMIUM_CANDIDATES: readonly string[];
export const CHROMIUM_INSTALL_COMMAND: string;
export const CHROMIUM_ARGS: readonly string[];
export function findChromium(env?: Record<string, string | undefined>): string | null;
