// Writes a plan as the office would issue it, a Word document (with the `docx` library), for the
// import tests: the covering letter, then per sub-plan its title and its task table — header row
// marked to repeat on each page, section headings spanning the row, key tasks vertically merged over
// the tasks that share them, leaders merged where consecutive tasks share them, names run together in
// one paragraph, words wrapped over two lines in narrow columns, `——` for none, a row of empty cells,
// and a table split in two with its header repeated.
//
// `planXlsx` writes the same spec as a workbook: a sheet per sub-plan, the letter's lines above the
// first table, Excel merges where the document merges.
//
// `planDocSpec` turns a parsed plan (seeds/plan.json) into such a document; a hand-written spec is a
// plan the parser has never seen (the synthetic 2022 plan).
import {
  AlignmentType,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalMergeType,
  WidthType,
} from 'docx';
import ExcelJS from 'exceljs';
import type { PlanDocument, Task } from '../../shared/model.ts';

/** A cell: its paragraphs, or merged with the cell above (its text is in the cell where the merge starts). */
export type SpecCell = string[] | 'merged';
export type SpecRow =
  | { section: string }
  | { cells: SpecCell[] }
  /** The header written again as an ordinary row (some offices do, at each page). */
  | { header: true };

export interface PlanDocSpec {
  /** Paragraphs before the tables (a line break inside one: `\n`). */
  letter: string[];
  subPlans: {
    title: string;
    header: string[];
    /** Each entry is one table; a sub-plan's table may be split in two. */
    tables: SpecRow[][];
  }[];
}

export const HEADER_2021 = ['序号', '重点任务', '工作措施', '完成时限', '牵头领导', '主责单位', '协办单位'];

const WIDTHS = [600, 1300, 5200, 1100, 1000, 1500, 1500];

function paragraphs(lines: readonly string[]): Paragraph[] {
  return (lines.length ? lines : ['']).map((line) => new Paragraph({ children: [new TextRun(line)] }));
}

function tableOf(header: readonly string[], rows: readonly SpecRow[]): Table {
  const width = (i: number) => WIDTHS[i] ?? 1200;
  const headerRow = (repeat: boolean) =>
    new TableRow({
      tableHeader: repeat,
      children: header.map(
        (h, i) =>
          new TableCell({ width: { size: width(i), type: WidthType.DXA }, children: paragraphs([h]) }),
      ),
    });
  const out: TableRow[] = [headerRow(true)];
  for (const row of rows) {
    if ('header' in row) out.push(headerRow(false));
    else if ('section' in row)
      out.push(
        new TableRow({
          children: [new TableCell({ columnSpan: header.length, children: paragraphs([row.section]) })],
        }),
      );
    else {
      const cells = row.cells;
      out.push(
        new TableRow({
          children: cells.map((c, i) => {
            const next = rows[rows.indexOf(row) + 1];
            const startsMerge = c !== 'merged' && next && 'cells' in next && next.cells[i] === 'merged';
            return new TableCell({
              width: { size: width(i), type: WidthType.DXA },
              ...(c === 'merged'
                ? { verticalMerge: VerticalMergeType.CONTINUE }
                : startsMerge
                  ? { verticalMerge: VerticalMergeType.RESTART }
                  : {}),
              children: paragraphs(c === 'merged' ? [] : c),
            });
          }),
        }),
      );
    }
  }
  return new Table({
    width: { size: WIDTHS.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: header.map((_, i) => width(i)),
    layout: TableLayoutType.FIXED,
    rows: out,
  });
}

export async function planDocx(spec: PlanDocSpec): Promise<Uint8Array> {
  const children: (Paragraph | Table)[] = spec.letter.map(
    (text) =>
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: text
          .split('\n')
          .flatMap((line, i) => [...(i > 0 ? [new TextRun({ text: '', break: 1 })] : []), new TextRun(line)]),
      }),
  );
  for (const sub of spec.subPlans) {
    children.push(new Paragraph({ children: [new TextRun(sub.title)] }));
    sub.tables.forEach((rows, i) => {
      if (i > 0) children.push(new Paragraph({ children: [new TextRun('')] }));
      children.push(tableOf(sub.header, rows));
    });
  }
  const doc = new Document({ sections: [{ children }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** A narrow column wraps a phrase: `加强生物多样性保护` → `加强生物` / `多样性保护`. */
function wrap(text: string, at = 6): string[] {
  return text.length > at
    ? [text.slice(0, Math.ceil(text.length / 2)), text.slice(Math.ceil(text.length / 2))]
    : [text];
}

/** Units as the office typed them: three or more run together in one paragraph, else one per line. */
function unitLines(names: readonly string[]): string[] {
  if (names.length === 0) return ['——'];
  return names.length >= 3 ? [names.join('')] : [...names];
}

function taskRow(task: Task, previous: Task | undefined): SpecRow {
  const sameLeaders =
    previous !== undefined &&
    previous.section === task.section &&
    task.leaders.length > 0 &&
    previous.leaders.join('|') === task.leaders.join('|');
  return {
    cells: [
      [String(task.no)],
      task.keyTaskInherited ? 'merged' : wrap(task.keyTask),
      task.measures.split('\n'),
      /^长期/.test(task.deadline.raw) ? wrap(task.deadline.raw, 2) : [task.deadline.raw],
      sameLeaders ? 'merged' : task.leaders.length ? [...task.leaders] : [''],
      unitLines(task.leadUnits),
      unitLines(task.coUnits),
    ],
  };
}

/** The 2021 plan (or any parsed plan of its shape) as its Word document. */
export function planDocSpec(plan: PlanDocument): PlanDocSpec {
  const [y, m, d] = plan.issuedOn.split('-').map(Number) as [number, number, number];
  return {
    letter: [
      '北京市通州区人民政府文件',
      plan.docNumber,
      `北京市通州区人民政府\n关于印发《${plan.title}》的通知`,
      '各街道办事处，各乡、镇人民政府，区政府各委、办、局，各区属机构：',
      `现将《${plan.title}》印发给你们，请认真贯彻落实。`,
      '北京市通州区人民政府',
      `${y}年${m}月${d}日`,
    ],
    subPlans: plan.subPlans.map((sub, s) => {
      const tables: SpecRow[][] = [[]];
      let section = '';
      let previous: Task | undefined;
      for (const task of plan.tasks.filter((t) => t.plan === sub.id)) {
        // The second sub-plan's table is split in two where a page broke, its header repeated; the
        // split falls between tasks of one key task, so the second table opens with a blank key task.
        if (s === 1 && task.no === 15) {
          tables.push([]);
          previous = undefined;
        }
        const rows = tables[tables.length - 1] as SpecRow[];
        if (task.section !== section) {
          rows.push({ section: task.section });
          section = task.section;
        }
        const row = taskRow(task, previous);
        if (rows.length === 0 && 'cells' in row)
          row.cells = row.cells.map((c) => (c === 'merged' ? [''] : c));
        rows.push(row);
        previous = task;
        // A row of empty cells, as the office's own document has one (water, after task 12).
        if (s === 1 && task.no === 12) {
          rows.push({ cells: HEADER_2021.map(() => ['']) });
          previous = undefined;
        }
      }
      return { title: sub.title, header: HEADER_2021, tables };
    }),
  };
}

/** The same plan as a workbook: a sheet per sub-plan (大气, 水, 土壤), merges where Word merges. */
export async function planXlsx(spec: PlanDocSpec, options: { letter?: boolean } = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const names = ['大气', '水', '土壤'];
  spec.subPlans.forEach((sub, s) => {
    const ws = wb.addWorksheet(names[s] ?? `表${s + 1}`);
    let r = 1;
    if (s === 0 && options.letter !== false)
      for (const line of spec.letter) ws.getCell(r++, 1).value = line.replace(/\n/g, '');
    ws.getCell(r, 1).value = sub.title;
    ws.mergeCells(r, 1, r, sub.header.length);
    r++;
    sub.tables.forEach((rows) => {
      sub.header.forEach((h, c) => (ws.getCell(r, c + 1).value = h));
      r++;
      const mergeStart = new Map<number, number>();
      const closeMerge = (c: number, upTo: number) => {
        const top = mergeStart.get(c);
        if (top !== undefined && upTo > top) ws.mergeCells(top, c + 1, upTo, c + 1);
        mergeStart.delete(c);
      };
      for (const row of rows) {
        if ('header' in row) {
          sub.header.forEach((h, c) => (ws.getCell(r, c + 1).value = h));
        } else if ('section' in row) {
          for (const c of [...mergeStart.keys()]) closeMerge(c, r - 1);
          ws.getCell(r, 1).value = row.section;
          ws.mergeCells(r, 1, r, sub.header.length);
        } else
          row.cells.forEach((cell, c) => {
            if (cell === 'merged') {
              if (!mergeStart.has(c)) mergeStart.set(c, r - 1);
              return;
            }
            closeMerge(c, r - 1);
            const text = cell.filter((p) => p !== '').join('\n');
            if (text !== '') ws.getCell(r, c + 1).value = /^\d+$/.test(text) && c === 0 ? Number(text) : text;
          });
        r++;
      }
      for (const c of [...mergeStart.keys()]) closeMerge(c, r - 1);
      r++;
    });
  });
  const out = (await wb.xlsx.writeBuffer()) as unknown as Uint8Array;
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
