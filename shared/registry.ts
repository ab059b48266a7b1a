// The unit registry: every body the plan names, one canonical name each, its kind, every spelling
// the source text uses for it, and the group words (各街道乡镇 and friends). The seed build splits unit
// cells against this table, so an unknown name fails loudly instead of becoming a new "unit".

import type { Task, Unit, UnitKind, UnitRole } from './model.ts';

/** The 22 streets and towns of air task 2, in the document's order. */
const STREETS_AND_TOWNS: readonly { name: string; kind: UnitKind; aliases: string[] }[] = [
  { name: '北苑街道', kind: 'street', aliases: ['北苑街道办事处'] },
  { name: '中仓街道', kind: 'street', aliases: ['中仓街道办事处'] },
  { name: '玉桥街道', kind: 'street', aliases: ['玉桥街道办事处'] },
  { name: '新华街道', kind: 'street', aliases: ['新华街道办事处'] },
  { name: '潞源街道', kind: 'street', aliases: ['潞源街道办事处'] },
  { name: '通运街道', kind: 'street', aliases: ['通运街道办事处'] },
  { name: '潞邑街道', kind: 'street', aliases: ['潞邑街道办事处'] },
  { name: '九棵树街道', kind: 'street', aliases: ['九棵树街道办事处'] },
  { name: '杨庄街道', kind: 'street', aliases: ['杨庄街道办事处'] },
  { name: '临河里街道', kind: 'street', aliases: ['临河里街道办事处'] },
  { name: '永顺镇', kind: 'town', aliases: [] },
  { name: '台湖镇', kind: 'town', aliases: [] },
  { name: '潞城镇', kind: 'town', aliases: [] },
  { name: '宋庄镇', kind: 'town', aliases: [] },
  { name: '文景街道', kind: 'street', aliases: ['文景街道办事处'] },
  { name: '梨园镇', kind: 'town', aliases: [] },
  { name: '马驹桥镇', kind: 'town', aliases: [] },
  { name: '张家湾镇', kind: 'town', aliases: [] },
  { name: '漷县镇', kind: 'town', aliases: [] },
  { name: '于家务回族乡', kind: 'township', aliases: ['于家务', '于家务乡'] },
  { name: '西集镇', kind: 'town', aliases: [] },
  { name: '永乐店镇', kind: 'town', aliases: [] },
];

/** District bodies (区…, party organs, the Zhongguancun park committee). */
const DISTRICT_BODIES: readonly { name: string; aliases: string[] }[] = [
  { name: '区生态环境局', aliases: [] },
  { name: '区科委', aliases: [] },
  { name: '区交通局', aliases: [] },
  { name: '区城市管理委', aliases: [] },
  { name: '区发展改革委', aliases: [] },
  { name: '区财政局', aliases: [] },
  { name: '区商务局', aliases: [] },
  { name: '区邮政局', aliases: [] },
  { name: '区住房城乡建设委', aliases: [] },
  { name: '区文化和旅游局', aliases: [] },
  { name: '区农业农村局', aliases: ['区农业农村'] },
  { name: '区经济和信息化局', aliases: ['区经济信息化局'] },
  { name: '区水务局', aliases: [] },
  { name: '区园林绿化局', aliases: [] },
  { name: '区卫生健康委', aliases: [] },
  { name: '区市场监管局', aliases: [] },
  { name: '区应急管理局', aliases: [] },
  { name: '区城管执法局', aliases: [] },
  { name: '区教委', aliases: [] },
  { name: '区民政局', aliases: [] },
  { name: '区国资委', aliases: [] },
  { name: '区委宣传部', aliases: [] },
  { name: '区委组织部', aliases: [] },
  { name: '区精神文明办', aliases: [] },
  { name: '区机关事务服务中心', aliases: [] },
  { name: '区重大项目办', aliases: [] },
  { name: '中关村科技园区通州园管委会', aliases: ['中关村科技园通州园管委会'] },
];

/** City-level bodies and their Tongzhou branches (vertically managed, not district departments). */
const CITY_BODIES: readonly { name: string; aliases: string[] }[] = [
  // The city's planning commission branch: `市规自委通州分局等` ("…and others") and a garbled full form occur.
  {
    name: '市规自委通州分局',
    aliases: ['市规划自然委通州分局', '市规自委通州分局等', '市规划自然资源委通州分局'],
  },
  // The city-level commission itself is a different body from its Tongzhou branch.
  { name: '市规划自然资源委', aliases: [] },
  { name: '通州交通支队', aliases: [] },
  { name: '通州公安分局', aliases: [] },
  { name: '通州公路分局', aliases: [] },
];

export const ALL_STREETS_AND_TOWNS = '各街道乡镇';
export const ALL_DISTRICT_BODIES = '全区各部门';

/** Group words whose members the text does not say; a coordinator resolves them per task. */
const VAGUE_GROUPS: readonly { name: string; aliases: string[] }[] = [
  { name: '相关街道乡镇', aliases: ['相关乡镇、街道', '相关乡镇街道'] },
  { name: '各相关部门', aliases: [] },
  { name: '相关部门', aliases: [] },
  { name: '相关执法部门', aliases: [] },
  { name: '区空气重污染应急指挥部成员单位', aliases: [] },
  { name: '车辆购置更新使用相关单位', aliases: [] },
];

function buildRegistry(): Unit[] {
  const units: Unit[] = [];
  for (const b of DISTRICT_BODIES) units.push({ name: b.name, kind: 'district', aliases: [...b.aliases] });
  for (const b of CITY_BODIES) units.push({ name: b.name, kind: 'city', aliases: [...b.aliases] });
  for (const t of STREETS_AND_TOWNS) units.push({ name: t.name, kind: t.kind, aliases: [...t.aliases] });
  units.push({
    name: ALL_STREETS_AND_TOWNS,
    kind: 'group',
    aliases: ['各乡镇街道', '各街道、乡镇'],
    members: STREETS_AND_TOWNS.map((t) => t.name),
    vague: false,
  });
  units.push({
    name: ALL_DISTRICT_BODIES,
    kind: 'group',
    aliases: [],
    members: DISTRICT_BODIES.map((b) => b.name),
    vague: false,
  });
  for (const g of VAGUE_GROUPS)
    units.push({ name: g.name, kind: 'group', aliases: [...g.aliases], members: [], vague: true });
  return units;
}

/** The registry for the Tongzhou 2021 plan. Order: district, city, streets/towns, groups. */
export const UNIT_REGISTRY: readonly Unit[] = buildRegistry();

export const UNIT_KIND_LABELS: Readonly<Record<UnitKind, string>> = {
  district: '区级部门',
  city: '市级单位',
  street: '街道',
  town: '镇',
  township: '乡',
  group: '单位组',
};

/** Look-ups over a list of units: canonical names, aliases and splitting of run-together cells. */
export class UnitIndex {
  private readonly byName = new Map<string, Unit>();
  /** Every spelling (canonical and alias) → canonical name, longest first for splitting. */
  private readonly spellings: [string, string][];

  constructor(readonly units: readonly Unit[]) {
    const spellingMap = new Map<string, string>();
    for (const u of units) {
      this.byName.set(u.name, u);
      for (const s of [u.name, ...u.aliases]) {
        const existing = spellingMap.get(s);
        if (existing && existing !== u.name)
          throw new Error(`Unit spelling "${s}" is claimed by ${existing} and ${u.name}`);
        spellingMap.set(s, u.name);
      }
    }
    this.spellings = [...spellingMap.entries()].sort((a, b) => b[0].length - a[0].length);
  }

  get(name: string): Unit | undefined {
    return this.byName.get(name);
  }

  /** Canonical name for a canonical name or alias (spaces ignored), or undefined. */
  resolve(nameOrAlias: string): string | undefined {
    const key = nameOrAlias.replace(/\s+/g, '');
    for (const [spelling, canonical] of this.spellings) if (spelling === key) return canonical;
    return undefined;
  }

  /**
   * Split one line of a unit cell into canonical names. Names may run together
   * (`区城市管理委区发展改革委区财政局`) or be separated by 、，, or spaces. Longest spelling wins at
   * each position; text that matches no spelling throws, naming the leftover.
   */
  splitCell(line: string): string[] {
    const text = line.replace(/\s+/g, '');
    const out: string[] = [];
    let i = 0;
    while (i < text.length) {
      const ch = text[i] as string;
      if ('、，,；;'.includes(ch)) {
        i++;
        continue;
      }
      const hit = this.spellings.find(([s]) => text.startsWith(s, i));
      if (!hit) throw new Error(`Unknown unit name "${text.slice(i)}" in cell "${line}"`);
      out.push(hit[1]);
      i += hit[0].length;
    }
    return out;
  }

  /**
   * Split a unit cell like splitCell, but keep what no spelling matches as unknown names instead of
   * failing (a new plan names bodies the registry has not met). An unknown name runs to the next
   * separator, or to where a known spelling starts right after a name's usual last character
   * (局, 委, 办, 镇 …), or to where another 区/市 name starts after such a character — so
   * `区数据局区财政局` is 区数据局 (unknown) and 区财政局, but `通州区城市管理委员会` stays one name;
   * a known name with more written onto it (`宋庄镇政府`) is one unknown name too.
   */
  splitCellLenient(line: string): { name: string; known: boolean }[] {
    const text = line.replace(/\s+/g, '');
    const out: { name: string; known: boolean }[] = [];
    const SEPARATORS = '、，,；;';
    const NAME_END = '局委办部队会心所站院厅处镇乡道司团室支组';
    let i = 0;
    while (i < text.length) {
      const ch = text[i] as string;
      if (SEPARATORS.includes(ch)) {
        i++;
        continue;
      }
      const hit = this.spellings.find(([s]) => text.startsWith(s, i));
      const after = hit ? i + hit[0].length : i;
      // A known name with more written onto it (`宋庄镇政府`, `区生态环境局通州分局`) is another name.
      const extended =
        hit !== undefined &&
        after < text.length &&
        !SEPARATORS.includes(text[after] as string) &&
        !'区市'.includes(text[after] as string) &&
        !this.spellings.some(([s]) => text.startsWith(s, after));
      if (hit && !extended) {
        out.push({ name: hit[1], known: true });
        i = after;
        continue;
      }
      let j = Math.max(i + 1, after);
      while (j < text.length) {
        const c = text[j] as string;
        if (SEPARATORS.includes(c)) break;
        const afterName = NAME_END.includes(text[j - 1] as string);
        if (afterName && (this.spellings.some(([s]) => text.startsWith(s, j)) || c === '区' || c === '市'))
          break;
        j++;
      }
      out.push({ name: text.slice(i, j), known: false });
      i = j;
    }
    return out;
  }

  /** Closest canonical names to a mistyped name, best first (for "did you mean"). */
  suggest(name: string, limit = 3): string[] {
    const key = name.replace(/\s+/g, '');
    const scored = this.units.map((u) => ({
      name: u.name,
      score: Math.max(...[u.name, ...u.aliases].map((s) => similarity(key, s))),
    }));
    return scored
      .filter((s) => s.score > 0)
      .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh'))
      .slice(0, limit)
      .map((s) => s.name);
  }

  /** The groups a concrete unit belongs to (e.g. a town → 各街道乡镇). */
  groupsOf(name: string): string[] {
    return this.units.filter((u) => u.kind === 'group' && u.members?.includes(name)).map((u) => u.name);
  }
}

/** Dice coefficient over character bigrams: good enough for short Chinese names. */
function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const grams = (s: string) => {
    const g: string[] = [];
    for (let i = 0; i < s.length - 1; i++) g.push(s.slice(i, i + 2));
    return g.length ? g : [s];
  };
  const ga = grams(a);
  const gb = grams(b);
  const pool = [...gb];
  let common = 0;
  for (const g of ga) {
    const k = pool.indexOf(g);
    if (k >= 0) {
      common++;
      pool.splice(k, 1);
    }
  }
  return (2 * common) / (ga.length + gb.length);
}

export type { UnitRole } from './model.ts';

export interface UnitTask {
  task: Task;
  role: UnitRole;
  /** How the unit is named on the task: directly, or through a group word. */
  via: string;
}

/** Resolutions of vague groups, per task: taskId → group → concrete units. */
export type GroupResolutions = ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;

/**
 * The tasks a unit leads (主责) or co-leads (协办), group expansion included: a town gets every task
 * naming 各街道乡镇 as well as those naming it directly. Lead wins over co-lead when both apply.
 * A vague group counts only where a coordinator resolved it to this unit on that task.
 */
export function tasksForUnit(
  tasks: readonly Task[],
  index: UnitIndex,
  unit: string,
  resolutions: GroupResolutions = new Map(),
): UnitTask[] {
  const out: UnitTask[] = [];
  for (const task of tasks) {
    const match = (names: readonly string[]): string | undefined => {
      for (const n of names) {
        if (n === unit) return n;
        const u = index.get(n);
        if (u?.kind !== 'group') continue;
        if (u.members?.includes(unit)) return n;
        if (resolutions.get(task.id)?.get(n)?.includes(unit)) return n;
      }
      return undefined;
    };
    const lead = match(task.leadUnits);
    if (lead) {
      out.push({ task, role: '主责', via: lead });
      continue;
    }
    const co = match(task.coUnits);
    if (co) out.push({ task, role: '协办', via: co });
  }
  return out;
}

/** Every concrete (non-group) unit that has at least one task, in registry order. */
export function unitsWithTasks(
  tasks: readonly Task[],
  index: UnitIndex,
  resolutions?: GroupResolutions,
): string[] {
  return index.units
    .filter((u) => u.kind !== 'group')
    .map((u) => u.name)
    .filter((name) => tasksForUnit(tasks, index, name, resolutions).length > 0);
}
