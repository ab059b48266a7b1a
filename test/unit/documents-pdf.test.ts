// The official documents as LibreOffice lays them out: each .docx converted to PDF once (one soffice
// run for the file), then read with pdftotext / pdfinfo — page size, "— N —" on every page where
// GB/T 9704 7.5 puts it, text inside the 156 × 225 mm block, 22 lines of 28 characters, no table
// header or caption left alone at the foot of a page, every unit present. Skipped, saying so, where
// soffice or poppler is not installed (CI: apt-get install libreoffice-writer-nogui poppler-utils).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard } from '../../shared/dashboard.ts';
import { buildOfficialDocument } from '../../shared/documents/index.ts';
import { DEFAULT_TEMPLATES } from '../../shared/documents/template-text.ts';
import { periodStateOf } from '../../shared/engine/ledger-period.ts';
import type { Ledger } from '../../shared/ledger.ts';
import { octoberLedger } from '../support/october-ledger.ts';

const has = (cmd: string, arg = '--version') => spawnSync(cmd, [arg], { stdio: 'ignore' }).status === 0;
const SOFFICE = ['soffice', 'libreoffice'].find((c) => has(c));
const POPPLER = has('pdftotext', '-v') && has('pdfinfo', '-v');
const ready = Boolean(SOFFICE && POPPLER);
if (!ready)
  console.warn(
    'documents-pdf: LibreOffice (soffice) or poppler (pdftotext, pdfinfo) not installed — the PDF layout checks are skipped',
  );

/** pt per mm. */
const MM = 72 / 25.4;
const DOCS = ['tongbao', 'cuibao', 'annex', 'probe'] as const;
type Doc = (typeof DOCS)[number];

/** A paragraph of CJK text with no punctuation (nothing for line breaking to move): 40 lines' worth. */
const PROBE_TEXT = '各单位要对照任务清单逐项梳理工作进展'.repeat(Math.ceil((40 * 28) / 18)).slice(0, 40 * 28);

let dir: string;
const pdf = {} as Record<Doc, { pages: string[]; words: Word[][]; size: [number, number]; count: number }>;
let ledger: Ledger;

interface Word {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: string;
}

function readPdf(file: string) {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const count = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info);
  const pages = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 })
    .split('\f')
    .slice(0, count);
  const bbox = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const words = bbox
    .split('<page ')
    .slice(1)
    .map((page) =>
      [
        ...page.matchAll(
          /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
        ),
      ].map((m) => ({ x0: +m[1]!, y0: +m[2]!, x1: +m[3]!, y1: +m[4]!, text: m[5]! })),
    );
  return { pages, words, count, size: [Number(size?.[1]), Number(size?.[2])] as [number, number] };
}

const HANGING = /[，。、；：！？）》」』”’]/;
const lines = (page: string) => page.split('\n').filter((l) => l.trim());
const squeeze = (s: string) => s.replace(/\s+/g, '');

const TABLE_HEADERS = [
  ['类别', '任务数', '单位任务'],
  ['名次', '单位', '报送情况'],
  ['序号', '单位', '逾期和欠进度任务'],
  ['序号', '单位', '未报送任务数'],
  ['序号', '编号', '序时进度'],
];

/**
 * Table headers and captions with nothing of their own after them on their page: a header line must
 * be followed by a row, a caption (表N …, or an annex unit's "N. 单位（M项）") by its table's header.
 * The last line of a page is its number.
 */
function orphans(pages: readonly string[]): { checked: number; problems: string[] } {
  const isHeader = (line: string | undefined) => TABLE_HEADERS.some((h) => h.every((w) => line?.includes(w)));
  const problems: string[] = [];
  let checked = 0;
  pages.forEach((page, i) => {
    const ls = lines(page).slice(0, -1);
    ls.forEach((line, j) => {
      const caption = /^\s*(表\d+ |\d+\. \S+（\d+项）$)/.test(line);
      if (!caption && !isHeader(line)) return;
      checked++;
      const next = ls[j + 1];
      if (next === undefined) problems.push(`page ${i + 1}: "${line.trim()}" ends the page`);
      else if (caption && !isHeader(next))
        problems.push(`page ${i + 1}: "${line.trim()}" not followed by its table`);
    });
  });
  return { checked, problems };
}

describe('the orphan check itself', () => {
  it('finds a header or a caption left at the foot of a page', () => {
    const page = (...ls: string[]) => [...ls, '—1—'].join('\n');
    expect(orphans([page('正文', '表1 街道乡镇推进情况排名', '名次 单位 任务数 报送情况')]).problems).toEqual(
      ['page 1: "名次 单位 任务数 报送情况" ends the page'],
    );
    expect(orphans([page('正文', '3. 北苑街道（91项）')]).problems).toEqual([
      'page 1: "3. 北苑街道（91项）" ends the page',
    ]);
    expect(orphans([page('表2 某表', '正文')]).problems).toEqual([
      'page 1: "表2 某表" not followed by its table',
    ]);
    expect(orphans([page('名次 单位 任务数 报送情况', '1 西集镇 91 按时报送')]).problems).toEqual([]);
  });
});

describe.skipIf(!ready)('the documents laid out by LibreOffice', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'taizhang-docs-'));
    ledger = await octoberLedger().done();
    ledger.settings.documents.issuedOn = '2021-11-02';
    const state = await periodStateOf(ledger, '2021-10');
    const dashboard = buildDashboard(state);
    const probe = structuredClone(ledger);
    // The probe: the long paragraph, then tables after paragraphs of 1, 2, … 14 lines, so that some
    // caption or header row falls at the foot of a page whatever the fonts.
    // (Its characters are none of PROBE_TEXT's, so its lines are not taken for the paragraph's.)
    const filler = (n: number) => '加快推动治污攻坚措施落地见效'.repeat(2 * n).slice(0, n * 28 - 2);
    probe.settings.documents.templates.tongbao = {
      ...DEFAULT_TEMPLATES.tongbao,
      body: [PROBE_TEXT, ...Array.from({ length: 14 }, (_, i) => `${filler(i + 1)}\n[[总体情况表]]`)].join(
        '\n',
      ),
    };
    for (const doc of DOCS) {
      const made = await buildOfficialDocument({
        kind: doc === 'probe' ? 'tongbao' : doc,
        state,
        dashboard,
        units: ledger.units,
        plan: ledger.plan,
        settings: (doc === 'probe' ? probe : ledger).settings,
        now: new Date(),
      });
      writeFileSync(join(dir, `${doc}.docx`), made.bytes);
    }
    // One LibreOffice run for every file, with a profile of its own (no clash with a running one).
    execFileSync(
      SOFFICE as string,
      [
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        ...DOCS.map((d) => join(dir, `${d}.docx`)),
      ],
      { stdio: 'ignore', timeout: 170_000 },
    );
    for (const doc of DOCS) pdf[doc] = readPdf(join(dir, `${doc}.pdf`));
  }, 180_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('A4: portrait, the annex landscape', () => {
    for (const doc of ['tongbao', 'cuibao', 'probe'] as const) {
      expect(pdf[doc].size[0]).toBeCloseTo(595.3, 0);
      expect(pdf[doc].size[1]).toBeCloseTo(841.9, 0);
    }
    expect(pdf.annex.size[0]).toBeCloseTo(841.9, 0);
    expect(pdf.annex.size[1]).toBeCloseTo(595.3, 0);
    expect(pdf.tongbao.count).toBeGreaterThan(3);
    expect(pdf.annex.count).toBeGreaterThan(50);
  });

  it('every page carries "— N —" 7 mm below the block: odd pages right, even pages left, one character in', () => {
    for (const doc of DOCS) {
      const { words, size } = pdf[doc];
      const landscape = doc === 'annex';
      const blockBottom = landscape ? (210 - 26) * MM : (297 - 35) * MM;
      const left = (landscape ? 35 : 28) * MM;
      const right = size[0] - (landscape ? 37 : 26) * MM;
      words.forEach((page, i) => {
        const n = i + 1;
        const number = page.filter((w) => w.y0 > blockBottom);
        const text = number.map((w) => w.text).join('');
        expect(text, `${doc} page ${n}`).toBe(`—${n}—`);
        const x0 = Math.min(...number.map((w) => w.x0));
        const x1 = Math.max(...number.map((w) => w.x1));
        const middle = (Math.min(...number.map((w) => w.y0)) + Math.max(...number.map((w) => w.y1))) / 2;
        expect(Math.abs(middle - (blockBottom + 7 * MM)), `${doc} page ${n} height`).toBeLessThan(1.5 * MM);
        if (n % 2) expect(Math.abs(x1 - (right - 14)), `${doc} page ${n} right`).toBeLessThan(3);
        else expect(Math.abs(x0 - (left + 14)), `${doc} page ${n} left`).toBeLessThan(3);
      });
    }
  });

  it('all other text stays inside the 156 × 225 mm block (225 × 156 turned)', () => {
    for (const doc of DOCS) {
      const landscape = doc === 'annex';
      const [top, right, bottom, left] = landscape ? [28, 37, 26, 35] : [37, 26, 35, 28];
      const { words, size } = pdf[doc];
      const block = {
        x0: left * MM - 2,
        x1: size[0] - right * MM + 2,
        y0: top * MM - 2,
        y1: size[1] - bottom * MM + 2,
      };
      words.forEach((page, i) => {
        for (const w of page.filter((w) => w.y0 <= block.y1)) {
          const at = `${doc} p${i + 1} ${w.text}`;
          expect(w.x0, at).toBeGreaterThanOrEqual(block.x0);
          expect(w.y0, at).toBeGreaterThanOrEqual(block.y0);
          // Closing punctuation may hang one character into the margin (标点溢出边界, Word's and
          // LibreOffice's default for Chinese); no other character may.
          const hangs = HANGING.test(w.text.slice(-1)) ? 16 : 0;
          expect(w.x1, at).toBeLessThanOrEqual(block.x1 + hangs);
        }
      });
    }
  });

  it('body text runs 28 characters a line and 22 lines a page (5.2.3)', () => {
    const body = pdf.probe.pages.flatMap((p) =>
      lines(p)
        .map(squeeze)
        .filter((l) => PROBE_TEXT.includes(l)),
    );
    // The first line is two characters in (7.3.3), the last whatever is left; all others are full.
    expect(body[0]).toHaveLength(26);
    expect(body.slice(1, -1).every((l) => l.length === 28)).toBe(true);
    expect(body.join('')).toBe(PROBE_TEXT);
    // Page 2 is all paragraph: 22 lines, and the page number.
    const page2 = lines(pdf.probe.pages[1] as string);
    expect(page2).toHaveLength(22 + 1);
  });

  it('no table header or caption is left at the foot of a page without what follows it', () => {
    let seen = 0;
    for (const doc of DOCS) {
      const found = orphans(pdf[doc].pages);
      seen += found.checked;
      expect(found.problems, doc).toEqual([]);
    }
    expect(seen).toBeGreaterThan(54 * 2); // the annex alone has a caption and a header per unit
  });

  it('every unit is there: in the 通报’s rankings, in the 催报通知 if it owes a return, in the annex', () => {
    const units = ledger.units.filter((u) => u.kind !== 'group').map((u) => u.name);
    expect(units).toHaveLength(54);
    // In a table a long name wraps inside its cell: its head on one line, its tail starting one of the
    // next two (the row's other cells, centred, may take the line between).
    const shows = (doc: Doc, name: string) =>
      pdf[doc].pages.some((page) => {
        const ls = lines(page).map(squeeze);
        return ls.some(
          (l, i) =>
            l.includes(name) ||
            [...name].some(
              (_, k) =>
                k >= 2 &&
                l.endsWith(name.slice(0, k)) &&
                [ls[i + 1], ls[i + 2]].some((next) => next?.startsWith(name.slice(k))),
            ),
        );
      });
    const rankingPages = (page: string) => page.includes('名次');
    expect(
      units.filter(
        (u) => !pdf.tongbao.pages.filter(rankingPages).some((p) => squeeze(p).includes(u.slice(0, 6))),
      ),
    ).toEqual([]);
    expect(units.filter((u) => !shows('tongbao', u))).toEqual([]);
    expect(units.filter((u) => !shows('annex', u))).toEqual([]);
    expect(units.filter((u) => shows('cuibao', u))).toHaveLength(53);
    expect(shows('cuibao', '永乐店镇')).toBe(false);
  });

  it('the 通报 reads as the dashboard: title, number, figures, signature', () => {
    const first = squeeze(pdf.tongbao.pages[0] as string);
    expect(first).toContain('通州区污染防治攻坚战领导小组办公室文件');
    expect(first).toContain('通攻坚办〔2021〕1号');
    expect(first).toContain('关于2021年10月污染防治攻坚战重点任务推进情况的通报');
    const all = squeeze(pdf.tongbao.pages.join(''));
    expect(all).toContain('已完成5项，推进中0项，滞后23项（其中逾期23项、欠进度0项），未启动2470项');
    expect(all).toMatch(/1西集镇9133\.3%00/);
    expect(all).toMatch(/2永乐店镇9122\.2%10按时报送/);
    expect(all.endsWith(`通州区污染防治攻坚战领导小组办公室2021年11月2日—${pdf.tongbao.count}—`)).toBe(true);
    expect(readFileSync(join(dir, 'tongbao.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
