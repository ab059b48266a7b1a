import { describe, expect, it } from 'vitest';
import type { ProgressField } from './model.ts';
import { auditValueText, formatFieldValue, parseFieldInput } from './progress-input.ts';

describe('parseFieldInput', () => {
  const good: [ProgressField, string, unknown][] = [
    ['status', '推进中', '推进中'],
    ['status', ' 已完成 ', '已完成'],
    ['status', '', null],
    ['percent', '50', 50],
    ['percent', '80%', 80],
    ['percent', '０', 0],
    ['percent', '100', 100],
    ['percent', '', null],
    ['filledOn', '2021-03-05', '2021-03-05'],
    ['filledOn', '2021年3月5日', '2021-03-05'],
    ['filledOn', '', null],
    ['phone', '１３８００１３８０００', '13800138000'],
    ['progress', '已部署\n已推进\n', '已部署\n已推进'],
    ['progress', '', ''],
    ['reporter', '张三', '张三'],
  ];
  it.each(good)('%s %j → %j', (field, text, value) => {
    expect(parseFieldInput(field, text)).toEqual({ ok: true, value });
  });

  const bad: [ProgressField, string, RegExp][] = [
    ['status', '进行中', /完成状态"进行中"无效，应为：未启动、推进中、已完成、不涉及/],
    ['status', '完成', /无效/],
    ['percent', '120', /完成比例"120"无效，应为0到100之间的数字/],
    ['percent', '-5', /无效/],
    ['percent', '一半', /无效/],
    ['filledOn', '2021-02-30', /填报日期"2021-02-30"无效/],
    ['filledOn', '下周', /无效/],
  ];
  it.each(bad)('%s %j is rejected with a Chinese message', (field, text, message) => {
    const r = parseFieldInput(field, text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});

describe('formatFieldValue / auditValueText', () => {
  it('formats values as text', () => {
    expect(formatFieldValue('percent', 50)).toBe('50');
    expect(formatFieldValue('status', null)).toBe('');
    expect(formatFieldValue('progress', '已部署')).toBe('已部署');
    expect(auditValueText(null)).toBe('（空）');
    expect(auditValueText('')).toBe('（空）');
    expect(auditValueText(['永顺镇', '台湖镇'])).toBe('永顺镇、台湖镇');
    expect(auditValueText(50)).toBe('50');
  });
});
