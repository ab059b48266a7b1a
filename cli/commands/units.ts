// `taizhang units [--json]`: the unit registry.
import { UNIT_KIND_LABELS } from '../../shared/registry.ts';
import { EXIT, type Output } from '../errors.ts';
import { SEED_UNITS } from '../seeds.ts';

export function unitsCommand(opts: { json?: boolean }, io: Output): number {
  if (opts.json) {
    io.out(JSON.stringify(SEED_UNITS, null, 2));
    return EXIT.ok;
  }
  for (const u of SEED_UNITS) {
    const extra = [
      u.aliases.length ? `又作：${u.aliases.join('、')}` : '',
      u.members?.length ? `含 ${u.members.length} 个单位` : u.vague ? '待协调员指定' : '',
    ].filter(Boolean);
    io.out(`${u.name}  (${UNIT_KIND_LABELS[u.kind]})${extra.length ? '  ' + extra.join('；') : ''}`);
  }
  io.err(`共 ${SEED_UNITS.length} 个单位或单位组 (${SEED_UNITS.length} units and groups)`);
  return EXIT.ok;
}
