// Proposes how a workbook we did not write maps onto the ledger (types.ts): for each sheet its header
// (detect-header.ts), each column's field (synonyms.ts, content.ts), the sheet's plan (detect-plan.ts)
// and each row's task (match-rows.ts) — and, for the district's master ledger, each row's unit and
// each column group's month. Everything carries a score; `confirmations` lists what is below
// CONFIDENT or contradictory, for a person. A mapping kept for the unit (saved-mapping.ts) is applied
// when the layout is the same, and counts as a person's word when it changed.
// Pure and deterministic; the three-sheet, 91-row ledger of a town takes a few tens of milliseconds.

import { unitNamedIn } from '../file-identity.ts';
import { PROGRESS_FIELDS, type PlanId, type Task } from '../model.ts';
import type { UnitIndex } from '../registry.ts';
import { sha256Hex } from '../sha256.ts';
import { MANIFEST_SHEET } from '../workbook/manifest.ts';
import { plainToText, type PlainValue } from '../workbook/normalise-cell.ts';
import { fillMerges, valueAt, type GridRow, type GridSheet, type SheetGrid } from '../workbook/sheet-grid.ts';
import { parseTaskId } from '../workbook/validate-fields.ts';
import { decideByContent } from './content.ts';
import { detectHeader, type DetectedHeader } from './detect-header.ts';
import { decidePlan } from './detect-plan.ts';
import {
  calibrateOrdinals,
  decideRow,
  MATCH_FLOOR,
  rankByText,
  rowLabel,
  taskIndex,
  type RowEvidence,
} from './match-rows.ts';
import { layoutChanges, layoutFingerprint, type SavedMapping } from './saved-mapping.ts';
import { MAPPED_FIELD_LABELS, monthNamedIn, planNamedIn, type MappedField } from './synonyms.ts';
import { similarityKey } from './text-similarity.ts';
import {
  CONFIDENT,
  type ColumnMapping,
  type Confirmation,
  type LayoutMapping,
  type MappingMode,
  type RowMapping,
  type SheetMapping,
} from './types.ts';

export interface DetectContext {
  tasks: readonly Task[];
  /** The plan's year: a month written without one (`3月`) is in it. */
  year: number;
  mode: MappingMode;
  /** The unit the file is from, when known: its tasks break ties and give its own 序号 numbering. */
  unitTaskIds?: ReadonlySet<string>;
  unitOrder?: ReadonlyMap<PlanId, readonly string[]>;
  /** History: the registry, to read each row's unit. */
  units?: UnitIndex;
  /**
   * History: the tasks of a unit. A master-ledger row is one of its unit's tasks, so its text is
   * matched among those first (among all the plan's only when none is close).
   */
  tasksOfUnit?: (unit: string) => ReadonlySet<string>;
  /** The mapping a person confirmed for this unit before. */
  saved?: SavedMapping | null;
}

/** Fields whose cells are imported as progress (the rest identify the row or are not imported). */
export const VALUE_FIELDS: ReadonlySet<MappedField> = new Set<MappedField>(PROGRESS_FIELDS);

const NOT_IMPORTED_NOTE: Partial<Record<MappedField, string>> = {
  remark: '台账没有“备注”字段，不导入（可改选为其他字段）',
  deadline: '计划内容，不导入',
  leaders: '计划内容，不导入',
  leadUnits: '计划内容，不导入',
  coUnits: '计划内容，不导入',
  role: '计划内容，不导入',
};

export function columnLetter(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

const HEADING = /^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)])/;
const NOTE_ROW = /^(?:注|说明|备注|填报说明|填报人|审核人|单位负责人|联系人|制表)/;

function textAt(row: GridRow, col: number | undefined): string {
  return col === undefined ? '' : plainToText(valueAt(row, col)).trim();
}

interface SheetDraft {
  sheet: GridSheet;
  filled: GridSheet;
  header: DetectedHeader | null;
  title: string | null;
}

function titleAbove(sheet: GridSheet, headerRow: number): string | null {
  for (const row of sheet.rows) {
    if (row.r >= headerRow) break;
    for (const { value } of row.cells.values())
      if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return null;
}

function rowKey(sheet: string, evidence: RowEvidence): string {
  const text = similarityKey(`${evidence.keyTask}|${evidence.measures}`);
  if (text.replace(/\|/g, '') === '')
    return `${sheet}#${plainToText(evidence.ordinal)}#${plainToText(evidence.id)}`;
  return sha256Hex(new TextEncoder().encode(text)).slice(0, 16);
}

function firstColumn(columns: readonly ColumnMapping[], field: MappedField): number | undefined {
  return columns.find((c) => c.field === field)?.col;
}

/** Propose a mapping of `grid` onto the plan. */
export function detectLayout(grid: SheetGrid, ctx: DetectContext): LayoutMapping {
  const index = taskIndex(ctx.tasks);
  const drafts: SheetDraft[] = grid.sheets
    .filter((s) => s.name !== MANIFEST_SHEET)
    .map((sheet) => {
      const filled = fillMerges(sheet);
      const header = detectHeader(filled, ctx.mode, ctx.year);
      return { sheet, filled, header, title: header ? titleAbove(filled, header.rows[0]!) : null };
    });
  const fingerprint = layoutFingerprint(
    drafts.map((d) => ({
      sheet: d.sheet.name,
      use: d.header !== null,
      headers: d.header?.columns.map((c) => c.header) ?? [],
    })),
  );
  const saved = ctx.saved ?? null;
  const savedState: LayoutMapping['saved'] = saved
    ? saved.fingerprint === fingerprint
      ? 'applied'
      : 'changed'
    : null;
  const savedRows = new Map((saved?.rows ?? []).map((r) => [r.key, r.taskId]));

  const sheets: SheetMapping[] = drafts.map((d) => {
    const name = d.sheet.name;
    if (!d.header) {
      return {
        sheet: name,
        use: false,
        plan: null,
        planScore: 0,
        planBy: 'none',
        headerRows: [],
        columns: [],
        rows: [],
        skipped: [],
        note: d.sheet.rows.length === 0 ? '空工作表' : '未找到表头，不读取',
      };
    }
    const savedSheet = saved?.sheets.find((s) => s.sheet === name);
    const lastHeader = d.header.rows[d.header.rows.length - 1]!;
    const dataRows = d.filled.rows.filter((r) => r.r > lastHeader);
    // A column's content is judged on task rows, not on heading rows merged across the sheet.
    const contentRows = dataRows.filter((r) => {
      const texts = [...r.cells.values()].map((c) => plainToText(c.value));
      return !(texts.length >= 2 && texts.every((t) => t === texts[0]));
    });

    // Columns.
    const columns: ColumnMapping[] = d.header.columns.map((h) => {
      const base = {
        col: h.col,
        letter: columnLetter(h.col),
        header: h.header,
        ...(h.month ? { month: h.month } : {}),
      };
      const kept = savedSheet?.columns.find((c) => c.header === h.header);
      if (kept && savedState) {
        return {
          ...base,
          field: kept.field,
          score: savedState === 'applied' ? 1 : 0.95,
          by: 'saved' as const,
          note: '按上次确认的映射',
        };
      }
      if (!h.cls) return { ...base, field: null, score: 0, by: 'none' as const, note: '未识别，不导入' };
      const values: PlainValue[] = contentRows.map((r) => valueAt(r, h.col));
      const decided = decideByContent(h.cls, values);
      const note = decided.note ?? NOT_IMPORTED_NOTE[decided.field];
      return {
        ...base,
        field: decided.field,
        score: decided.score,
        by: decided.by,
        ...(note ? { note } : {}),
      };
    });
    // The same field twice (per month in the master ledger): the better column keeps it, the other
    // is shown for a person (a ledger with two 完成情况 columns must not be read by guess).
    const byField = new Map<string, ColumnMapping>();
    for (const c of [...columns].sort((a, b) => b.score - a.score || a.col - b.col)) {
      if (!c.field || c.by === 'saved') continue;
      const key = `${c.month ?? ''}|${c.field}`;
      const first = byField.get(key);
      if (!first) byField.set(key, c);
      else {
        c.score = Math.min(c.score, 0.5);
        c.note = `与 ${first.letter} 列同为“${MAPPED_FIELD_LABELS[c.field]}”，请确认用哪一列`;
      }
    }

    const col = (f: MappedField) => firstColumn(columns, f);
    const [idCol, ordCol, keyCol, measuresCol, catCol, unitCol] = [
      col('taskId'),
      col('ordinal'),
      col('keyTask'),
      col('measures'),
      col('category'),
      col('unit'),
    ];
    const valueCols = columns.filter((c) => c.field && VALUE_FIELDS.has(c.field)).map((c) => c.col);
    const headerTexts = new Set(columns.map((c) => c.header));

    // Rows: evidence, or the reason a row is skipped.
    const skipped: SheetMapping['skipped'] = [];
    const entries: { row: GridRow; evidence: RowEvidence; hasValues: boolean; unitText: string }[] = [];
    for (const row of dataRows) {
      const texts = [...row.cells.values()].map((c) => plainToText(c.value).trim()).filter(Boolean);
      if (texts.length === 0) continue;
      const hasValues = valueCols.some((c) => textAt(row, c) !== '');
      const idText = textAt(row, idCol);
      const ordText = textAt(row, ordCol);
      const keyTask = textAt(row, keyCol);
      const measures = textAt(row, measuresCol);
      if (
        columns.some((c) => textAt(row, c.col) === c.header && headerTexts.has(textAt(row, c.col)) && c.field)
      ) {
        skipped.push({ row: row.r, reason: '重复的表头行' });
        continue;
      }
      const allSame = texts.length >= 2 && texts.every((t) => t === texts[0]);
      if (allSame || (HEADING.test(ordText || texts[0]!) && !measures && !idText)) {
        skipped.push({ row: row.r, reason: `标题行：${texts[0]!.slice(0, 20)}` });
        continue;
      }
      if (NOTE_ROW.test(texts[0]!) && !idText && !measures && !/^\d/.test(ordText)) {
        skipped.push({ row: row.r, reason: `说明行：${texts[0]!.slice(0, 20)}` });
        continue;
      }
      if (!idText && !ordText && !keyTask && !measures && !hasValues) continue;
      const category = textAt(row, catCol);
      const catPlan = category ? (planNamedIn(category)?.plan ?? null) : null;
      entries.push({
        row,
        hasValues,
        unitText: textAt(row, unitCol),
        evidence: {
          id: idCol !== undefined ? valueAt(row, idCol) : null,
          ordinal: ordCol !== undefined ? valueAt(row, ordCol) : null,
          keyTask,
          measures,
          plan: catPlan,
        },
      });
    }

    // Plan.
    const rowUnits = entries.map((e) =>
      ctx.mode === 'history' && e.unitText && ctx.units ? unitNamedIn(e.unitText, ctx.units) : null,
    );
    const rankedAll = entries.map((e, i) => {
      const unit = rowUnits[i];
      if (unit && ctx.tasksOfUnit) {
        const own = ctx.tasksOfUnit(unit);
        const ranked = rankByText(
          e.evidence,
          index,
          index.tasks.filter((t) => own.has(t.id)),
        );
        if ((ranked[0]?.score ?? 0) >= MATCH_FLOOR) return ranked;
      }
      return rankByText(e.evidence, index, index.tasks, ctx.unitTaskIds);
    });
    const idPlans = entries
      .map((e) => (e.evidence.id !== null ? parseTaskId(e.evidence.id) : ''))
      .filter((id) => /^(air|water|soil)-\d+$/.test(id))
      .map((id) => id.split('-')[0] as PlanId);
    const categoryPlans = entries.map((e) => e.evidence.plan).filter((p): p is PlanId => p !== null);
    let plan = decidePlan({ sheetName: name, title: d.title, idPlans, categoryPlans, rankings: rankedAll });
    if (savedSheet && savedState)
      plan = { plan: savedSheet.plan, score: savedState === 'applied' ? 1 : 0.95, by: 'saved' };

    // Rows: text within the plan, the sheet's numbering, then each row's decision.
    const planned = entries.map((e, i) => {
      const rowPlan = e.evidence.plan ?? plan.plan;
      const evidence = { ...e.evidence, plan: rowPlan };
      const ranked = rowPlan
        ? rankedAll[i]!.filter((c) => c.taskId.startsWith(`${rowPlan}-`))
        : rankedAll[i]!;
      return { ...e, evidence, ranked };
    });
    const ordinalMode = calibrateOrdinals(planned, index, { unitOrder: ctx.unitOrder });
    const hasTextColumns = keyCol !== undefined || measuresCol !== undefined;
    const rows: RowMapping[] = planned.map((e, i) => {
      const decision = decideRow(e.evidence, e.ranked, index, ordinalMode, {
        unitOrder: ctx.unitOrder,
        hasTextColumns,
      });
      const key = rowKey(name, e.evidence);
      const out: RowMapping = {
        row: e.row.r,
        ...decision,
        label: rowLabel(e.evidence),
        key,
        hasValues: e.hasValues,
      };
      if (savedRows.has(key) && decision.by !== 'id') {
        out.taskId = savedRows.get(key) ?? null;
        out.score = 1;
        out.by = 'saved';
        out.note = '按上次确认的对应';
      }
      if (ctx.mode === 'history') {
        out.unitText = e.unitText;
        out.unit = rowUnits[i] ?? null;
      }
      return out;
    });

    const month =
      ctx.mode === 'history'
        ? (monthNamedIn(name, ctx.year) ?? (d.title ? monthNamedIn(d.title, ctx.year) : null))
        : undefined;
    return {
      sheet: name,
      use: true,
      plan: plan.plan,
      planScore: Math.round(plan.score * 100) / 100,
      planBy: plan.by,
      ...(month !== undefined ? { month } : {}),
      headerRows: d.header.rows,
      columns,
      rows,
      skipped,
      ...(plan.note ? { note: plan.note } : {}),
    };
  });

  const warnings: string[] = [];
  if (saved && savedState === 'changed') {
    const changes = layoutChanges(saved, {
      version: 1,
      mode: ctx.mode,
      fingerprint,
      sheets,
      saved: null,
      warnings: [],
    });
    warnings.push(
      `版式与上次确认的映射不同${changes.length ? `（${changes.slice(0, 5).join('；')}）` : ''}，请重新核对标出的各项`,
    );
  }
  return { version: 1, mode: ctx.mode, fingerprint, sheets, saved: savedState, warnings };
}

const PLAN_LABEL: Record<PlanId, string> = { air: '大气', water: '水', soil: '土壤' };

const CONFIRMED = new Set(['user', 'saved']);

function taskText(id: string | null): string {
  if (!id) return '（无）';
  const [p, n] = id.split('-');
  return p && p in PLAN_LABEL ? `${PLAN_LABEL[p as PlanId]}-${n}` : id;
}

/** Everything a person must confirm or correct before `mapping` may be applied. */
export function confirmations(mapping: LayoutMapping): Confirmation[] {
  const out: Confirmation[] = [];
  const used = mapping.sheets.filter((s) => s.use);
  const pct = (n: number) => n.toFixed(2);
  for (const s of used) {
    const where = `工作表“${s.sheet}”`;
    if (s.rows.length > 0 && s.planScore < CONFIDENT && !CONFIRMED.has(s.planBy))
      out.push({
        kind: 'plan',
        sheet: s.sheet,
        score: s.planScore,
        message: `${where}对应${s.plan ? `“${PLAN_LABEL[s.plan]}”` : '哪个计划无法确定'}（把握 ${pct(s.planScore)}）${s.note ? `：${s.note}` : ''}，请确认`,
        log: `sheet "${s.sheet}": plan ${s.plan ?? 'unknown'} at ${pct(s.planScore)}`,
      });
    if (mapping.mode === 'history') {
      const months = new Set(s.columns.map((c) => c.month).filter(Boolean));
      if (!s.month && months.size === 0)
        out.push({
          kind: 'sheet',
          sheet: s.sheet,
          score: 0,
          message: `${where}无法判断是哪个月的记录，请指定月份`,
          log: `sheet "${s.sheet}": month unknown`,
        });
    }
    for (const c of s.columns) {
      if (!c.field || c.score >= CONFIDENT || CONFIRMED.has(c.by)) continue;
      out.push({
        kind: 'column',
        sheet: s.sheet,
        col: c.col,
        score: c.score,
        message: `${where} ${c.letter} 列“${c.header}”识别为“${MAPPED_FIELD_LABELS[c.field]}”（把握 ${pct(c.score)}${c.note ? `，${c.note}` : ''}），请确认`,
        log: `sheet "${s.sheet}" column ${c.letter}: ${c.field} at ${pct(c.score)}`,
      });
    }
    for (const r of s.rows) {
      if (!r.hasValues || CONFIRMED.has(r.by)) continue;
      if (r.taskId === null || r.score < CONFIDENT)
        out.push({
          kind: 'row',
          sheet: s.sheet,
          row: r.row,
          score: r.score,
          message:
            r.taskId === null
              ? `${where}第 ${r.row} 行“${r.label}”未能对应到任务${r.note ? `（${r.note}）` : ''}，请选择任务或不导入`
              : `${where}第 ${r.row} 行“${r.label}”对应 ${taskText(r.taskId)}（把握 ${pct(r.score)}${r.note ? `，${r.note}` : ''}），请确认`,
          log: `sheet "${s.sheet}" row ${r.row}: ${r.taskId ?? 'no task'} at ${pct(r.score)}`,
        });
      if (mapping.mode === 'history' && r.taskId && !r.unit)
        out.push({
          kind: 'row',
          sheet: s.sheet,
          row: r.row,
          score: 0,
          message: `${where}第 ${r.row} 行的责任单位“${r.unitText ?? ''}”不在单位名录中，请选择单位或不导入`,
          log: `sheet "${s.sheet}" row ${r.row}: unit "${r.unitText ?? ''}" unknown`,
        });
    }
  }
  // Two sheets claiming one plan.
  const byPlan = new Map<PlanId, SheetMapping[]>();
  for (const s of used)
    if (s.plan && s.rows.length > 0) byPlan.set(s.plan, [...(byPlan.get(s.plan) ?? []), s]);
  for (const [plan, list] of byPlan) {
    const open = list.find((s) => !CONFIRMED.has(s.planBy));
    if (list.length > 1 && mapping.mode === 'return' && open)
      out.push({
        kind: 'plan',
        sheet: open.sheet,
        score: 0,
        message: `工作表${list.map((s) => `“${s.sheet}”`).join('和')}都对应“${PLAN_LABEL[plan]}”，请确认各表对应的计划或不读取其中一张`,
        log: `sheets ${list.map((s) => s.sheet).join(', ')} all claim plan ${plan}`,
      });
  }
  // Two rows naming one task (per unit and month in the master ledger).
  const seen = new Map<string, { sheet: string; row: number }>();
  for (const s of used)
    for (const r of s.rows) {
      if (!r.taskId || !r.hasValues) continue;
      const key = mapping.mode === 'history' ? `${r.taskId}|${r.unit ?? ''}|${s.month ?? ''}` : r.taskId;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, { sheet: s.sheet, row: r.row });
        continue;
      }
      if (r.by === 'user' || r.by === 'id') continue;
      out.push({
        kind: 'row',
        sheet: s.sheet,
        row: r.row,
        score: 0,
        message: `工作表“${s.sheet}”第 ${r.row} 行与“${first.sheet}”第 ${first.row} 行都对应 ${taskText(r.taskId)}，请改正其中一行`,
        log: `sheet "${s.sheet}" row ${r.row} and "${first.sheet}" row ${first.row} both map to ${r.taskId}`,
      });
    }
  return out;
}
