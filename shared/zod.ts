// The one door to zod for the whole project: every schema module imports it from here (as
// `import * as z`), so the configuration below runs before any schema exists, whatever order a
// bundler evaluates chunks in. Re-exported name by name, not as zod's own `z` object: a namespace
// lets the bundler drop what no schema uses (zod's ~60 message locales, its JSON Schema reader:
// ~360 KB, ~35 ms of the `taizhang import` start-up), where `z` would keep all of it.
// zod 4 probes `new Function('')` to decide whether to compile fast parsers; the app's CSP (no
// 'unsafe-eval', in Electron and the browser host) blocks that and Chromium logs a violation.
// `jitless` skips the probe and the eval in a page; Node (the CLI, Electron's main process) has no
// CSP and keeps zod's compiled parsers, which validate a 100k-report ledger noticeably faster.
import { config } from 'zod';

config({ jitless: 'document' in globalThis });

export * from 'zod';
