import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKLIST_FOOTER_TEMPLATE } from '../features/checklist/print.ts';
import { FONT_SANS, FONT_SERIF } from './fonts.ts';

const css = readFileSync(join(import.meta.dirname, 'app.css'), 'utf8');

/** The value of a custom property in app.css, white space collapsed. */
function customProperty(name: string): string {
  const m = new RegExp(`${name}:\\s*([^;]+);`).exec(css);
  if (!m) throw new Error(`${name} is not set in app.css`);
  return m[1]!.replace(/\s+/g, ' ').trim();
}

const families = (stack: string) => stack.split(',').map((f) => f.trim().replace(/^'|'$/g, ''));

describe('CJK font stacks', () => {
  it('app.css uses the stacks fonts.ts names', () => {
    expect(customProperty('--font-cjk')).toBe(FONT_SANS);
    expect(customProperty('--font-cjk-serif')).toBe(FONT_SERIF);
  });

  it('cover Windows (微软雅黑, 宋体), Debian, UOS and Kylin (Noto / 思源), and end in a generic family', () => {
    expect(families(FONT_SANS)).toEqual(
      expect.arrayContaining(['Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'SimSun']),
    );
    expect(families(FONT_SERIF)).toEqual(
      expect.arrayContaining(['SimSun', 'Noto Serif CJK SC', 'Source Han Serif SC']),
    );
    expect(families(FONT_SANS).at(-1)).toBe('sans-serif');
    expect(families(FONT_SERIF).at(-1)).toBe('serif');
  });

  it('the printed page footer uses the same stack', () => {
    expect(CHECKLIST_FOOTER_TEMPLATE).toContain(`font-family:${FONT_SANS}`);
  });
});
