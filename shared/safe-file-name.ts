// Clean a suggested file name so the Electron main process accepts it (see safeFileNameSchema in
// ipc-contract.ts): no path separators, no `..`, none of the characters Windows refuses, no control
// characters, no bidirectional controls (U+202E can make `文件‮xslx.exe` read as an .xlsx), no
// leading/trailing spaces or trailing dots, not a Windows device name (`con .xlsx` and `COM¹.xlsx`
// are devices too), at most 200 characters (the extension is kept when the name is shortened). Pure.

const MAX_LENGTH = 200;
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f<>:"/\\|?*]/g;
/** Bidirectional formatting characters: they change how a name reads, never what it is. */
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Windows device names, also with spaces before the extension and superscript digits (COM¹). */
export const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])\s*(\.|$)/i;

/** Trim spaces at both ends and dots at the end, until stable. */
function trimEnds(name: string): string {
  let out = name;
  for (;;) {
    const next = out.trim().replace(/\.+$/, '');
    if (next === out) return out;
    out = next;
  }
}

/**
 * A file name main will accept, as close to `name` as possible: refused characters become `_`, runs
 * of dots become one dot, a device name gets a leading `_`. Falls back to `fallback` when nothing is
 * left.
 */
export function safeFileName(name: string, fallback = '未命名'): string {
  let out = name
    .replace(BIDI_CONTROLS, '')
    .replace(FORBIDDEN, '_')
    .replace(/\.{2,}/g, '.');
  out = trimEnds(out);
  if (WINDOWS_DEVICE.test(out)) out = `_${out}`;
  if (out.length > MAX_LENGTH) {
    const ext = /\.[A-Za-z0-9]{1,10}$/.exec(out)?.[0] ?? '';
    out = trimEnds(out.slice(0, MAX_LENGTH - ext.length)) + ext;
  }
  if (out === '' || /^[._]*$/.test(out))
    return fallback === name ? '未命名' : safeFileName(fallback, '未命名');
  return out;
}

/**
 * A unit's file of a month: `永乐店镇_2021年03月_<what>[_<plan tag>].<ext>` (the return workbook, the
 * return package). Characters Windows forbids in the unit's name (the FORBIDDEN set above, control
 * characters and DEL included) become `_`.
 */
export function unitMonthFileName(
  unit: string,
  year: number,
  month: number,
  what: string,
  ext: string,
  planTag?: string,
): string {
  const safeUnit = unit.replace(FORBIDDEN, '_').trim() || '单位';
  const tag = planTag ? `_${planTag.replace(/[^a-z0-9-]/g, '_')}` : '';
  return `${safeUnit}_${year}年${String(month).padStart(2, '0')}月_${what}${tag}.${ext}`;
}
