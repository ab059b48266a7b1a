import { describe, expect, it } from 'vitest';
import type { Task } from './model.ts';
import { compareTasks, joinNames, sortTasks, taskCountText, taskRowView } from './task-view.ts';

function task(id: string, plan: Task['plan'], no: number, extra: Partial<Task> = {}): Task {
  return {
    id,
    plan,
    no,
    section: '一、空气质量目标',
    keyTask: '目标任务',
    keyTaskInherited: false,
    measures: '第一段\n第二段',
    deadline: { raw: '长期\n实施', kind: 'ongoing' },
    leaders: ['倪德才'],
    leadUnits: ['区城市管理委', '区发展改革委', '区财政局'],
    coUnits: [],
    ...extra,
  };
}

describe('task-view', () => {
  it('joins names with 、', () => {
    expect(joinNames(['区城市管理委', '区发展改革委', '区财政局'])).toBe(
      '区城市管理委、区发展改革委、区财政局',
    );
    expect(joinNames([])).toBe('');
  });

  it('orders 大气, 水, 土壤 then by number (not alphabetically by id)', () => {
    const tasks = [
      task('soil-01', 'soil', 1),
      task('water-10', 'water', 10),
      task('air-10', 'air', 10),
      task('water-02', 'water', 2),
      task('air-02', 'air', 2),
    ];
    expect(sortTasks(tasks).map((t) => t.id)).toEqual([
      'air-02',
      'air-10',
      'water-02',
      'water-10',
      'soil-01',
    ]);
    expect(compareTasks(tasks[2]!, tasks[2]!)).toBe(0);
    expect(tasks[0]!.id).toBe('soil-01'); // input untouched
  });

  it('turns a task into display strings', () => {
    const view = taskRowView(task('air-04', 'air', 4, { keyTaskInherited: true }));
    expect(view).toMatchObject({
      id: 'air-04',
      label: '大气-04',
      planName: '大气',
      section: '一、空气质量目标',
      keyTaskInherited: true,
      measures: '第一段\n第二段',
      deadline: '长期\n实施',
      leaders: '倪德才',
      leadUnits: '区城市管理委、区发展改革委、区财政局',
      coUnits: '',
    });
    expect(taskRowView(task('water-43', 'water', 43)).label).toBe('水-43');
  });

  it('counts tasks in Chinese', () => {
    expect(taskCountText(134)).toBe('共 134 项任务');
  });
});
