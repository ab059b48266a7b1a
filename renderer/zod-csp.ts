// Imported FIRST by main.tsx, before any module that builds a zod schema (ledger-file, ipc-contract):
// zod 4 probes `new Function('')` when an object schema is created, to decide whether to compile
// fast parsers. The app's CSP (no 'unsafe-eval', in both hosts) blocks it and Chromium logs a
// securitypolicyviolation on every start. `jitless` makes zod skip the probe and the eval entirely.
import { z } from 'zod';

z.config({ jitless: true });
