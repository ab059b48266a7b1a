// Words and formats the 导入导出 view shows: field values, times, counts, how a file was identified.
import { auditValueText } from '../../../shared/progress-input.ts';
import type { ImportCounts } from '../../../shared/model.ts';

const timeFormat = new Intl.DateTimeFormat('zh-CN', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

export function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : timeFormat.format(d);
}

/** A field value for people: empty → （空）, undefined base → （无）. */
export function valueText(value: unknown): string {
  return value === undefined ? '（无基准）' : auditValueText(value);
}

export function countsText(c: ImportCounts): string {
  return `更新 ${c.updated} · 未变 ${c.unchanged} · 冲突 ${c.conflicts} · 退回 ${c.rejected}`;
}

export const IDENTIFIED_BY: Readonly<Record<string, string>> = {
  manifest: '按工作簿清单识别',
  title: '按表格标题识别',
  'file-name': '按文件名识别',
};
