// Hostile return workbooks, each made from a normal return's bytes: a stray cell at the sheet's last
// row, thousands of rows of one task id, megabytes of shared strings, a shared-strings bomb. Each
// case names what `taizhang import` must answer (exit code and a pattern of its text output).
// Shared by the hostile test (test/hostile/hostile-cli.test.ts: generous bounds, so a busy machine
// does not flake) and the hostile bench (scripts/bench/hostile.ts: the issue's < 2 s and < 300 MB),
// so that both measure the same files.
import JSZip from 'jszip';
import { EXIT } from '../../cli/errors.ts';

/** Rewrite one part of an .xlsx zip. */
export async function patchPart(
  bytes: Uint8Array,
  path: string,
  edit: (xml: string) => string,
): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  zip.file(path, edit(await zip.file(path)!.async('string')));
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** The first task row of the 填报 sheet, copied `count` times from row 1000 on. */
export function repeatFirstRow(count: number): (xml: string) => string {
  return (xml: string) => {
    const row = /<row r="3"[\s\S]*?<\/row>/.exec(xml)![0];
    const copies: string[] = [];
    for (let i = 0; i < count; i++) {
      const r = 1000 + i;
      copies.push(row.replace(/<row r="3"/, `<row r="${r}"`).replace(/ r="([A-Z]+)3"/g, ` r="$1${r}"`));
    }
    return xml.replace('</sheetData>', `${copies.join('')}</sheetData>`);
  };
}

/** `count` more shared strings, the i-th `text(i)`, appended to sharedStrings.xml. */
export function moreSharedStrings(count: number, text: (i: number) => string): (xml: string) => string {
  return (xml: string) => {
    const extra: string[] = [];
    for (let i = 0; i < count; i++) extra.push(`<si><t>${text(i)}</t></si>`);
    return xml.replace('</sst>', `${extra.join('')}</sst>`);
  };
}

/** One cell at Excel's last row, 1,048,576. */
export const STRAY_ROW = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>';

/** 26 random hex digits: distinct shared strings that do not compress away (≈ 45 bytes each). */
const hex = () => Math.random().toString(16).slice(2).padEnd(13, '0');

export interface HostileReturn {
  /** What the file is, as the test names it. */
  name: string;
  /** The hostile file, made from a normal (filled) return's bytes. */
  make: (bytes: Uint8Array) => Promise<Uint8Array>;
  /** The exit code `taizhang import` must end with. */
  code: number;
  /** What its stdout + stderr must say (the text output, not --json). */
  says: RegExp;
}

export const HOSTILE_RETURNS: readonly HostileReturn[] = [
  {
    name: 'a stray cell at row 1,048,576 in 填报 and in the manifest',
    make: async (bytes) => {
      const sheets = (await JSZip.loadAsync(bytes))
        .file(/^xl\/worksheets\/sheet\d+\.xml$/)
        .map((f) => f.name);
      let out = await patchPart(bytes, 'xl/worksheets/sheet1.xml', (x) =>
        x.replace('</sheetData>', `${STRAY_ROW}</sheetData>`),
      );
      out = await patchPart(out, sheets.sort().at(-1)!, (x) =>
        x.replace('</sheetData>', `${STRAY_ROW}</sheetData>`),
      );
      return out;
    },
    code: EXIT.rejected,
    says: /拒绝 [1-9]/,
  },
  {
    name: '20,000 rows of one task id',
    make: (bytes) => patchPart(bytes, 'xl/worksheets/sheet1.xml', repeatFirstRow(20_000)),
    code: EXIT.usage,
    says: /超过 2000 行/,
  },
  {
    name: '10 MB of distinct shared strings (within the 20 MB file limit)',
    make: (bytes) =>
      patchPart(
        bytes,
        'xl/sharedStrings.xml',
        moreSharedStrings(230_000, () => `${hex()}${hex()}`),
      ),
    code: EXIT.ok,
    says: /更新 [1-9]/,
  },
  {
    name: 'a shared-strings bomb: 230,000 copies of one string (10 MB) in a 60 KB file',
    make: (bytes) =>
      patchPart(
        bytes,
        'xl/sharedStrings.xml',
        moreSharedStrings(230_000, () => '炸'.repeat(10)),
      ),
    code: EXIT.ok,
    says: /更新 [1-9]/,
  },
  {
    name: 'a shared-strings bomb: one 10 MB string that deflates a thousandfold',
    make: (bytes) =>
      patchPart(
        bytes,
        'xl/sharedStrings.xml',
        moreSharedStrings(1, () => 'a'.repeat(10 << 20)),
      ),
    code: EXIT.usage,
    says: /压缩|炸弹|过大|超过/,
  },
];
