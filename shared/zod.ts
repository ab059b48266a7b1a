// The one door to zod for the whole project: every schema module imports `z` from here, so the
// configuration below runs before any schema exists, whatever order a bundler evaluates chunks in.
// zod 4 probes `new Function('')` to decide whether to compile fast parsers; the app's CSP (no
// 'unsafe-eval', in Electron and the browser host) blocks that and Chromium logs a violation.
// `jitless` skips the probe and the eval everywhere.
import { z } from 'zod';

z.config({ jitless: true });

export { z };
