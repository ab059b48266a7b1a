// `npm run seeds`: regenerate seeds/*.json from the official plan text. Deterministic: running it
// twice writes identical bytes. With --check, compares instead of writing and exits 1 on a difference.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { buildSeeds, SEED_FILES } from '../shared/seed-build.ts';

const check = process.argv.includes('--check');
const text = readFileSync(SEED_FILES.text, 'utf8');
const { plan, files } = buildSeeds(text);
let stale = 0;
for (const [path, body] of Object.entries(files)) {
  const old = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (old === body) continue;
  if (check) {
    console.error(`${path} is not what the seed script produces; run npm run seeds`);
    stale++;
  } else {
    writeFileSync(path, body);
    console.log(`wrote ${path}`);
  }
}
const count = (p: string) => plan.tasks.filter((t) => t.plan === p).length;
console.log(
  `${plan.tasks.length} tasks (air ${count('air')}, water ${count('water')}, soil ${count('soil')})`,
);
process.exitCode = stale ? 1 : 0;
