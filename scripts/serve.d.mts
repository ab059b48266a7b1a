// Types for scripts/serve.mjs (plain JS so it runs without a build step).
export function serveStatic(
  root: string,
  port?: number,
): Promise<{ url: string; close: () => Promise<void> }>;
