// Backups from the app's database: a container that reads back as the same ledger; monthly segments
// compressed once and reused until their month changes; a segment compressed while its month
// changed is not kept; the browser host keeps the newest N backups of each kind.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { editCells } from '../../shared/engine/edit-cells.ts';
import { readLedgerSource } from '../../shared/ledger-container.ts';
import type { Ledger } from '../../shared/ledger-file.ts';
import type { PlanDocument, Unit } from '../../shared/model.ts';
import { fflateCodec, type DeflateCodec } from '../../shared/zip/deflate.ts';
import { blobSource } from '../../shared/zip/zip-reader.ts';
import planJson from '../../seeds/plan.json';
import unitsJson from '../../seeds/units.json';
import {
  BACKUPS_KEPT_BY_KIND,
  buildLedgerBackup,
  keepBrowserBackup,
  listBrowserBackups,
} from './backup-store.ts';
import { DexieLedgerStore } from './ledger-store.ts';
import { seedIfEmpty } from './repository.ts';
import { freshDbs } from './test-dbs.ts';

const freshDb = freshDbs('taizhang-backup');

async function store(): Promise<DexieLedgerStore> {
  const db = freshDb();
  await seedIfEmpty(db, planJson as unknown as PlanDocument, unitsJson as unknown as Unit[]);
  return new DexieLedgerStore(db);
}

let ids = 0;
async function type(s: DexieLedgerStore, period: string, value: string, unit = '永乐店镇'): Promise<void> {
  await s.run((r) =>
    editCells(
      r,
      { who: '张三', at: `${period}-20T00:00:00.000Z`, newId: () => `a${++ids}` },
      { writes: [{ taskId: 'air-01', unit, period, field: 'progress', value }], source: 'edit' },
    ),
  );
}

const strip = (l: Ledger) => ({
  ...l,
  savedAt: '',
  audit: [...l.audit].sort((a, b) => a.id.localeCompare(b.id)),
  reports: [...l.reports].sort((a, b) => `${a.unit}${a.period}`.localeCompare(`${b.unit}${b.period}`)),
});

describe('whole-ledger backups', () => {
  it('reads back as the ledger it was made from', async () => {
    const s = await store();
    await type(s, '2021-02', '二月');
    await type(s, '2021-03', '三月');
    await type(s, '2021-03', '三月', '西集镇');
    const built = await buildLedgerBackup(s, fflateCodec);
    expect(built.reports).toBe(3);
    expect(built.data.type).toBe('application/zip');
    const back = await readLedgerSource(blobSource(built.data), fflateCodec);
    expect(strip(back)).toEqual(strip(await s.snapshot()));
  });

  it('compresses a month once, and again only after the month changed', async () => {
    const s = await store();
    await type(s, '2021-02', '二月');
    await type(s, '2021-03', '三月');
    const first = await buildLedgerBackup(s, fflateCodec);
    expect([first.rebuilt, first.segments]).toEqual([4, 4]); // reports + audit of two months
    const second = await buildLedgerBackup(s, fflateCodec);
    expect(second.rebuilt).toBe(0);
    await type(s, '2021-03', '三月改');
    const third = await buildLedgerBackup(s, fflateCodec);
    expect(third.rebuilt).toBe(2); // March's reports and audit
    const back = await readLedgerSource(blobSource(third.data), fflateCodec);
    expect(back.reports.find((r) => r.period === '2021-03')?.progress).toBe('三月改');
  });

  it('does not keep a segment whose month changed while it was being compressed', async () => {
    const s = await store();
    await type(s, '2021-03', '三月');
    let interleaved = false;
    const slow: DeflateCodec = {
      inflate: fflateCodec.inflate,
      async deflate(bytes) {
        if (!interleaved) {
          interleaved = true;
          await type(s, '2021-03', '压缩时的修改');
        }
        return fflateCodec.deflate(bytes);
      },
    };
    const built = await buildLedgerBackup(s, slow);
    // The backup itself was made again from a consistent state…
    const back = await readLedgerSource(blobSource(built.data), fflateCodec);
    expect(back.reports[0]?.progress).toBe('压缩时的修改');
    // …and what is cached now is current.
    const again = await buildLedgerBackup(s, fflateCodec);
    expect(again.rebuilt).toBe(0);
    expect((await readLedgerSource(blobSource(again.data), fflateCodec)).reports[0]?.progress).toBe(
      '压缩时的修改',
    );
  });
});

describe('browser-host backups', () => {
  it('keeps the newest of each kind: imports never push out a restore or a quit backup', async () => {
    const s = await store();
    const data = new Blob(['PK']);
    await keepBrowserBackup(s.db, 'restore', data, 1, 'container', '2021-03-01T00:00:00.000Z');
    await keepBrowserBackup(s.db, 'quit', data, 1, 'container', '2021-03-01T01:00:00.000Z');
    for (let i = 0; i < 14; i++)
      await keepBrowserBackup(
        s.db,
        'import',
        data,
        1,
        'container',
        `2021-03-02T00:${String(i).padStart(2, '0')}:00.000Z`,
      );
    const kept = await listBrowserBackups(s.db);
    const count = (kind: string) => kept.filter((b) => b.kind === kind).length;
    expect(count('import')).toBe(BACKUPS_KEPT_BY_KIND.import);
    expect(count('restore')).toBe(1);
    expect(count('quit')).toBe(1);
    // Newest first, and the oldest imports went.
    expect(kept[0]?.savedAt).toBe('2021-03-02T00:13:00.000Z');
    expect(kept.filter((b) => b.kind === 'import').at(-1)?.savedAt).toBe('2021-03-02T00:04:00.000Z');
  });
});
