// Plan documents that must be refused or read within bounds: empty, repeated, huge, nested, a bomb, a
// .doc, a workbook with one cell far away. Each ends as a result (never a throw) with a Chinese
// message, in bounded time.
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import units from '../../seeds/units.json' with { type: 'json' };
import type { Unit } from '../../shared/model.ts';
import { UnitIndex } from '../../shared/registry.ts';
import { openPlanFile } from '../../shared/plan-import/open-plan-file.ts';
import { buildPlan } from '../../shared/plan-import/build-plan.ts';
import { PLAN_LIMITS } from '../../shared/plan-import/plan-table.ts';
import { HEADER_2021 } from '../support/plan-docx.ts';

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;

function docx(body: string, level = 6): Uint8Array {
  const xml = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
  return zipSync({
    '[Content_Types].xml': strToU8(CONTENT_TYPES),
    'word/document.xml': [strToU8(xml), { level: level as 6 }],
  });
}

const p = (t: string) => `<w:p><w:r><w:t>${t}</w:t></w:r></w:p>`;
const tc = (t: string) => `<w:tc>${p(t)}</w:tc>`;
const tr = (cells: string[]) => `<w:tr>${cells.map(tc).join('')}</w:tr>`;

async function open(bytes: Uint8Array, fileName = 'plan.docx') {
  const started = Date.now();
  const read = await openPlanFile(bytes, { fileName });
  return { read, ms: Date.now() - started };
}

describe('hostile plan documents', () => {
  it('an empty document reads, and the rules say there is no plan in it', async () => {
    const { read } = await open(docx(''));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const built = buildPlan(read.source, { units: new UnitIndex(units as Unit[]) });
    expect(built.plan.tasks).toEqual([]);
    expect(built.issues.map((i) => i.code)).toContain('no-sub-plan');
  });

  it('a table of 100,000 rows stops at the row limit with a message', async () => {
    const row = tr(['1', '任务', '措施', '年底前', '某某', '区财政局', '——']);
    const { read, ms } = await open(docx(`<w:tbl>${row.repeat(100_000)}</w:tbl>`, 9));
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(ms).toBeLessThan(20_000);
  });

  it('tables nested deeper than the limit are refused', async () => {
    let inner = p('x');
    for (let i = 0; i <= PLAN_LIMITS.nesting + 2; i++)
      inner = `<w:tbl><w:tr><w:tc>${inner}</w:tc></w:tr></w:tbl>`;
    const { read } = await open(docx(inner));
    if (read.ok) {
      // Read within bounds: the deepest text went into the outer cell, nothing more.
      expect(read.source.blocks.length).toBeLessThanOrEqual(1);
    } else expect(read.error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('a paragraph of 10 MB of one character (a compression bomb) is refused, within bounds', async () => {
    const { read, ms } = await open(docx(p('污'.repeat(3_500_000)), 9));
    expect(read.ok).toBe(false);
    expect(ms).toBeLessThan(20_000);
  });

  it('the same header and table repeated 200 times: read within bounds, tasks numbered twice are reported', async () => {
    const table = `<w:tbl>${tr(HEADER_2021)}${tr(['1', '任务', '措施', '年底前', '某某', '区财政局', '——'])}</w:tbl>`;
    const { read, ms } = await open(docx(p('通州区2021年大气污染防治行动计划') + table.repeat(150)));
    expect(ms).toBeLessThan(20_000);
    if (!read.ok) return;
    const built = buildPlan(read.source, { units: new UnitIndex(units as Unit[]), year: 2021 });
    expect(built.issues.some((i) => i.severity === 'error')).toBe(true);
  });

  it('a Word 97-2003 .doc says to save it as .docx', async () => {
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const { read } = await open(ole, 'plan.doc');
    expect(read.ok).toBe(false);
  });

  it('random bytes and a zip without a document are refused with a message', async () => {
    for (const bytes of [strToU8('not a plan at all'), zipSync({ 'a.txt': strToU8('x') })]) {
      const { read } = await open(bytes);
      expect(read.ok).toBe(false);
      if (!read.ok) expect(read.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
