// The one rule for whose return a file is: which unit and which month. The import wizard, the CLI and
// the merge all ask this function; none of them matches unit names on its own.
//  - A valid manifest (checksummed, written at export) names the unit and period.
//  - Without one, the title row, then the file name: the text around `2021年3月` is matched against
//    the registry — an exact name or alias first, else the longest known spelling inside the text
//    (`通州区永乐店镇` → 永乐店镇). Text that names no unit stays unidentified (the user chooses).
//  - When the manifest names one unit or month and the title or file name another (a file copied
//    from another unit's and renamed, or a manifest pasted in), the file is flagged: a person must
//    confirm before it is imported.
//  - A unit's own ledger rarely says `单位 2021年3月` in one place: when neither the title nor the
//    file name reads that way, a unit named anywhere in the title, else in the file name, is the
//    unit (the longest spelling found, as above); the month then stays for the person to choose.

import type { Issue } from './workbook/issues.ts';
import type { IdentityHint, ReadResult } from './workbook/read-workbook.ts';
import type { UnitIndex } from './registry.ts';

export type IdentifiedBy = 'manifest' | 'title' | 'file-name';

export interface ReturnIdentity {
  /** Canonical unit name, or null when the file does not say. */
  unit: string | null;
  period: string | null;
  by: IdentifiedBy | null;
  /** Unit text found in the title or file name that names no unit of the registry. */
  unknownUnit: string | null;
  /** The manifest disagrees with the title or file name: to be confirmed by a person. */
  disagreements: Issue<'identity-disagrees'>[];
}

/** The canonical unit a piece of text names: exactly (name or alias), else the longest spelling in it. */
export function unitNamedIn(text: string, units: UnitIndex): string | null {
  const exact = units.resolve(text);
  if (exact && units.get(exact)?.kind !== 'group') return exact;
  let best: { name: string; length: number } | null = null;
  const compact = text.replace(/\s+/g, '');
  for (const u of units.units) {
    if (u.kind === 'group') continue;
    for (const spelling of [u.name, ...u.aliases]) {
      if (spelling.length >= 2 && compact.includes(spelling) && (!best || spelling.length > best.length))
        best = { name: u.name, length: spelling.length };
    }
  }
  return best?.name ?? null;
}

function hintUnit(hint: IdentityHint, units: UnitIndex): { unit: string | null; raw: string | null } {
  if (!hint.unit) return { unit: null, raw: null };
  return { unit: unitNamedIn(hint.unit, units), raw: hint.unit };
}

export function identifyReturn(
  read: Pick<ReadResult, 'manifest' | 'hints'> & Partial<Pick<ReadResult, 'title' | 'fileName'>>,
  units: UnitIndex,
): ReturnIdentity {
  const title = hintUnit(read.hints.title, units);
  const name = hintUnit(read.hints.fileName, units);
  const m = read.manifest;
  if (m) {
    const disagreements: ReturnIdentity['disagreements'] = [];
    for (const [where, hint, unit] of [
      ['表格标题', read.hints.title, title.unit],
      ['文件名', read.hints.fileName, name.unit],
    ] as const) {
      if (unit && unit !== m.unit)
        disagreements.push({
          code: 'identity-disagrees',
          message: `文件清单写的是“${m.unit}”，但${where}写的是“${unit}”，请确认这份文件属于哪个单位`,
          log: `manifest unit ${m.unit} but ${where === '文件名' ? 'file name' : 'title'} says ${unit}`,
        });
      if (hint.period && hint.period !== m.period)
        disagreements.push({
          code: 'identity-disagrees',
          message: `文件清单写的是 ${m.period}，但${where}写的是 ${hint.period}，请确认月份`,
          log: `manifest period ${m.period} but ${where === '文件名' ? 'file name' : 'title'} says ${hint.period}`,
        });
    }
    return { unit: m.unit, period: m.period, by: 'manifest', unknownUnit: null, disagreements };
  }
  const fromTitle = read.hints.title.unit !== null || read.hints.title.period !== null;
  const hint = fromTitle ? read.hints.title : read.hints.fileName;
  const unit = fromTitle ? title : name;
  const by: IdentifiedBy | null = fromTitle ? 'title' : hint.unit || hint.period ? 'file-name' : null;
  if (!hint.unit && !hint.period) {
    // Neither reads `单位 2021年3月`: a unit named anywhere in the title, else the file name.
    const inTitle = read.title ? unitNamedIn(read.title, units) : null;
    const baseName = read.fileName?.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') ?? '';
    const inName = baseName ? unitNamedIn(baseName, units) : null;
    if (inTitle || inName)
      return {
        unit: inTitle ?? inName,
        period: null,
        by: inTitle ? 'title' : 'file-name',
        unknownUnit: null,
        disagreements: [],
      };
  }
  return {
    // The title names a month but no unit: the file name may still say whose it is.
    unit: unit.unit ?? (fromTitle ? name.unit : null),
    period: hint.period ?? (fromTitle ? read.hints.fileName.period : null),
    by,
    unknownUnit: unit.unit === null ? unit.raw : null,
    disagreements: [],
  };
}
