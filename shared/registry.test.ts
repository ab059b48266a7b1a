import { describe, expect, it } from 'vitest';
import plan from '../seeds/plan.json' with { type: 'json' };
import { ALL_STREETS_AND_TOWNS, UNIT_REGISTRY, UnitIndex, tasksForUnit, unitsWithTasks } from './registry.ts';
import type { Task } from './model.ts';

const index = new UnitIndex(UNIT_REGISTRY);
const tasks = plan.tasks as Task[];

describe('unit registry', () => {
  it('has one entry per canonical name, by kind', () => {
    const names = UNIT_REGISTRY.map((u) => u.name);
    expect(new Set(names).size).toBe(names.length);
    const byKind = Object.fromEntries(
      ['district', 'city', 'street', 'town', 'township', 'group'].map((k) => [
        k,
        UNIT_REGISTRY.filter((u) => u.kind === k).length,
      ]),
    );
    expect(byKind).toEqual({ district: 27, city: 5, street: 11, town: 10, township: 1, group: 8 });
  });

  it('各街道乡镇 expands to the 22 streets and towns of air task 2', () => {
    const group = index.get(ALL_STREETS_AND_TOWNS);
    expect(group?.members).toHaveLength(22);
    expect(group?.members).toContain('于家务回族乡');
    expect(group?.members).toContain('永乐店镇');
    expect(group?.members).toContain('九棵树街道');
    // every member is named in air task 2's measures, by its full or short form
    const air2 = tasks.find((t) => t.id === 'air-02')!.measures;
    for (const m of group!.members!) {
      const spellings = [m, ...index.get(m)!.aliases];
      expect(
        spellings.some((s) => air2.includes(s)),
        m,
      ).toBe(true);
    }
  });

  it.each([
    ['区农业农村', '区农业农村局'],
    ['区经济信息化局', '区经济和信息化局'],
    ['市规划自然委通州分局', '市规自委通州分局'],
    ['市规自委通州分局等', '市规自委通州分局'],
    ['中关村科技园通州园管委会', '中关村科技园区通州园管委会'],
    ['相关乡镇、街道', '相关街道乡镇'],
    ['于家务', '于家务回族乡'],
    ['北苑街道办事处', '北苑街道'],
    ['永乐店镇', '永乐店镇'],
    ['永 乐 店 镇', '永乐店镇'],
    ['市规划自然资源委', '市规划自然资源委'],
  ])('alias %s → %s', (alias, canonical) => {
    expect(index.resolve(alias)).toBe(canonical);
  });

  it('does not confuse the city commission with its Tongzhou branch', () => {
    expect(index.get('市规划自然资源委')?.kind).toBe('city');
    expect(index.resolve('市规划自然资源委')).not.toBe('市规自委通州分局');
  });

  it.each([
    ['区城市管理委区发展改革委区财政局', ['区城市管理委', '区发展改革委', '区财政局']],
    ['通州交通支队区市场监管局各街道乡镇', ['通州交通支队', '区市场监管局', '各街道乡镇']],
    ['区应急管理局中关村科技园区通州园管委会', ['区应急管理局', '中关村科技园区通州园管委会']],
    ['区农业农村局区生态环境局', ['区农业农村局', '区生态环境局']],
    ['区生态环境局、区水务局', ['区生态环境局', '区水务局']],
    ['区城管执法局区经济和信息化局', ['区城管执法局', '区经济和信息化局']],
  ])('splits run-together cell %s', (cell, names) => {
    expect(index.splitCell(cell)).toEqual(names);
  });

  it('fails loudly on an unknown name', () => {
    expect(() => index.splitCell('区生态环境局区火星局')).toThrow('Unknown unit name "区火星局"');
  });

  it('vague groups have no members until a coordinator resolves them', () => {
    for (const name of [
      '相关街道乡镇',
      '各相关部门',
      '相关执法部门',
      '区空气重污染应急指挥部成员单位',
      '相关部门',
    ]) {
      expect(index.get(name)).toMatchObject({ kind: 'group', vague: true, members: [] });
    }
  });

  it('suggests close names for a typo', () => {
    expect(index.suggest('区生态环保局')[0]).toBe('区生态环境局');
    expect(index.suggest('永乐镇')[0]).toBe('永乐店镇');
  });
});

describe('tasks for a unit', () => {
  it('a town gets every 各街道乡镇 task plus the tasks naming it directly, lead wins', () => {
    const list = tasksForUnit(tasks, index, '永乐店镇');
    const viaGroup = tasks.filter((t) => [...t.leadUnits, ...t.coUnits].includes('各街道乡镇'));
    expect(list.map((x) => x.task.id)).toEqual(viaGroup.map((t) => t.id));
    expect(list.length).toBe(91);
    expect(list.find((x) => x.task.id === 'air-02')).toMatchObject({ role: '主责', via: '各街道乡镇' });
    expect(list.find((x) => x.task.id === 'air-01')).toMatchObject({ role: '协办', via: '各街道乡镇' });
  });

  it('a department gets lead and co-lead tasks with roles', () => {
    const list = tasksForUnit(tasks, index, '区财政局');
    expect(list.find((x) => x.task.id === 'air-04')?.role).toBe('主责');
    expect(list.find((x) => x.task.id === 'air-07')?.role).toBe('协办');
    // 全区各部门 on air-01 reaches every district department
    expect(list.find((x) => x.task.id === 'air-01')).toMatchObject({ role: '协办', via: '全区各部门' });
  });

  it('a vague group reaches a unit only once resolved for that task', () => {
    expect(tasksForUnit(tasks, index, '区教委').some((x) => x.task.id === 'air-51')).toBe(false);
    const resolved = new Map([['air-51', new Map([['相关部门', ['区教委']]])]]);
    expect(tasksForUnit(tasks, index, '区教委', resolved).find((x) => x.task.id === 'air-51')).toMatchObject({
      role: '主责',
      via: '相关部门',
    });
  });

  it('every concrete unit of the registry has tasks except the city commission named only as co-unit', () => {
    const withTasks = unitsWithTasks(tasks, index);
    expect(withTasks).toContain('永乐店镇');
    expect(withTasks).toContain('市规划自然资源委');
    expect(withTasks.length).toBe(UNIT_REGISTRY.filter((u) => u.kind !== 'group').length);
  });
});
