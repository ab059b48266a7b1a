// `npm run bench`: performance figures, each against a baseline measured in the same run (ratios),
// plus absolute figures for context. Not a test: it prints, and exits non-zero only if a bench fails
// to run. Run on an otherwise idle machine; the figures of a run that shares its cores mean little.
import os from 'node:os';
import { benchExchange } from './bench/exchange.ts';
import { benchGrid } from './bench/grid.ts';
import { printResults } from './bench/print.ts';

const only = process.argv[2];
console.log(
  `taizhang bench — ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
if (!only || only === 'exchange') {
  console.log('\n# Excel round trip');
  printResults(await benchExchange());
}
if (!only || only === 'grid') {
  console.log('\n# Grid (Chromium, 100k reports in IndexedDB)');
  printResults(await benchGrid());
}
