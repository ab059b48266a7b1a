// The one door to zod for the whole project: every schema module imports `z` from here, so the
// configuration below runs before any schema exists, whatever order a bundler evaluates chunks in.
// zod 4 probes `new Function('')` to decide whether to compile fast parsers; the app's CSP (no
// 'unsafe-eval', in Electron and the browser host) blocks that and Chromium logs a violation.
// `jitless` skips the probe and the eval in a page; Node (the CLI, Electron's main process) has no
// CSP and keeps zod's compiled parsers, which validate a 100k-report ledger noticeably faster.
import { z } from 'zod';

z.config({ jitless: 'document' in globalThis });

export { z };
