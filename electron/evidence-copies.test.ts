// The start-up sweep of evidence copies: only this app's folders, only those older than a day,
// read-only copies inside them included; anything else in the temp folder stays.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVIDENCE_COPY_MAX_AGE_MS, EVIDENCE_COPY_PREFIX, sweepEvidenceCopies } from './evidence-copies.ts';

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);
const HOUR = 60 * 60 * 1000;

function place(tmp: string, name: string, ageMs: number, kind: 'dir' | 'file' = 'dir'): string {
  const path = join(tmp, name);
  if (kind === 'dir') {
    mkdirSync(path);
    const copy = join(path, '现场照片.jpg');
    writeFileSync(copy, 'x');
    chmodSync(copy, 0o400); // as evidence-open writes it
  } else writeFileSync(path, 'x');
  const t = (NOW - ageMs) / 1000;
  utimesSync(path, t, t);
  return path;
}

describe('sweepEvidenceCopies', () => {
  it.each([
    ['a copy two days old', `${EVIDENCE_COPY_PREFIX}aaaaaa`, 48 * HOUR, 'dir', true],
    [
      'a copy just over a day old',
      `${EVIDENCE_COPY_PREFIX}bbbbbb`,
      EVIDENCE_COPY_MAX_AGE_MS + 1000,
      'dir',
      true,
    ],
    ['a copy an hour old (the viewer may have it open)', `${EVIDENCE_COPY_PREFIX}cccccc`, HOUR, 'dir', false],
    ['another program’s old folder', 'other-app-xyz', 48 * HOUR, 'dir', false],
    ['an old file with the prefix (not a folder)', `${EVIDENCE_COPY_PREFIX}file`, 48 * HOUR, 'file', false],
  ] as const)('%s: removed = %s', async (_what, name, age, kind, removed) => {
    const tmp = mkdtempSync(join(tmpdir(), 'tz-sweep-'));
    const path = place(tmp, name, age, kind);
    expect(await sweepEvidenceCopies(tmp, NOW)).toEqual(removed ? [path] : []);
    expect(existsSync(path)).toBe(!removed);
  });

  it('sweeps several at once and leaves the young ones', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'tz-sweep-'));
    const old = [
      place(tmp, `${EVIDENCE_COPY_PREFIX}1`, 30 * HOUR),
      place(tmp, `${EVIDENCE_COPY_PREFIX}2`, 90 * HOUR),
    ];
    const young = place(tmp, `${EVIDENCE_COPY_PREFIX}3`, 2 * HOUR);
    expect((await sweepEvidenceCopies(tmp, NOW)).sort()).toEqual(old.sort());
    expect(existsSync(young)).toBe(true);
  });

  it('a temp folder that cannot be read: nothing removed, no error', async () => {
    expect(await sweepEvidenceCopies(join(tmpdir(), 'tz-no-such-folder-here'), NOW)).toEqual([]);
  });
});
