// Deadlines and audit sources in words, for the row detail panel: `年底前` → 2021年12月31日前完成,
// `长期实施` → 长期任务，每期检查; `edit` → 手工编辑. Pure.

import type { AuditSource, Deadline, DeadlineCycle } from './model.ts';

/** `2021-12-31` → `2021年12月31日`. */
export function dateWords(ymd: string): string {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日`;
}

const CYCLE_WORDS: Readonly<Record<DeadlineCycle, string>> = {
  month: '每月',
  quarter: '每季度',
  'half-year': '每半年',
  year: '每年',
};

export function deadlineMeaning(deadline: Deadline): string {
  switch (deadline.kind) {
    case 'due':
      return `${dateWords(deadline.due as string)}前完成`;
    case 'ongoing':
      return deadline.every ? `${CYCLE_WORDS[deadline.every]}，长期任务，每期检查` : '长期任务，每期检查';
    case 'window':
      return `实施期：${dateWords(deadline.from as string)}至${dateWords(deadline.to as string)}`;
    default:
      return `时限表述不明确（原文：${deadline.raw.replace(/\s+/g, '')}），请与牵头单位确认`;
  }
}

export function auditSourceLabel(source: AuditSource | string): string {
  if (source === 'edit') return '手工编辑';
  if (source === 'paste') return '粘贴';
  if (source === 'undo') return '撤销';
  if (source === 'redo') return '重做';
  if (source === 'resolve') return '指定单位';
  if (source === 'review') return '区里审核';
  if (source === 'evidence') return '佐证材料';
  if (source === 'request') return '延期申请';
  if (source === 'settings') return '设置';
  if (source.startsWith('import:')) return '导入';
  if (source.startsWith('undo:')) return '撤销导入';
  return source;
}
