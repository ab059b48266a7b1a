// `npm run bench`: performance figures, each against a baseline measured in the same run (ratios),
// plus absolute figures for context. Not a test: it prints, and exits non-zero only if a bench fails
// to run. Run on an otherwise idle machine; the figures of a run that shares its cores mean little.
import os from 'node:os';
import { benchCli } from './bench/cli.ts';
import { benchExchange } from './bench/exchange.ts';
import { benchApp } from './bench/app.ts';
import { benchForeign } from './bench/foreign.ts';
import { benchHostile } from './bench/hostile.ts';
import { printResults } from './bench/print.ts';

const only = process.argv[2];
console.log(
  `taizhang bench — ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
if (!only || only === 'exchange') {
  console.log('\n# Excel round trip');
  printResults(await benchExchange());
}
if (!only || only === 'app') {
  console.log('\n# The app in Chromium (100k reports in IndexedDB, with their audit trail)');
  printResults(await benchApp());
}
if (!only || only === 'foreign') {
  console.log(
    "\n# Returns we did not write (a town's own ledger, .xls) — the app in Chromium, the command as processes",
  );
  printResults(await benchForeign());
}
if (!only || only === 'cli') {
  console.log('\n# The taizhang command (whole processes, as people run it)');
  printResults(await benchCli());
}
if (!only || only === 'hostile') {
  console.log(
    "\n# Hostile returns (the hostile test's files) — `taizhang import --dry-run` as whole processes",
  );
  printResults(await benchHostile());
}
