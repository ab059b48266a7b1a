// Saving a container copies the months a command did not change byte for byte and re-encodes the
// ones it did; what is read back is the ledger as committed, either way.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ledgerAsUsed } from '../scripts/bench/bench-data.ts';
import { editCells } from '../shared/engine/edit-cells.ts';
import { bytesSource, ZipReader } from '../shared/zip/zip-reader.ts';
import { encodeLedger, LedgerFileStore, nodeCodec, readLedgerFile } from './ledger-file-store.ts';
import { writeFileSafely } from './safe-write.ts';

const dir = mkdtempSync(join(tmpdir(), 'tz-store-'));

/** Each entry's stored (compressed) bytes, by name. */
async function storedEntries(file: string): Promise<Map<string, string>> {
  const zip = await ZipReader.open(bytesSource(new Uint8Array(readFileSync(file))), nodeCodec.inflate, {
    maxEntrySize: 1 << 30,
    maxEntries: 100_000,
    maxRatio: 10_000,
  });
  const out = new Map<string, string>();
  for (const e of zip.entries) out.set(e.name, Buffer.from(await zip.readStored(e)).toString('base64'));
  return out;
}

describe('LedgerFileStore.save on a container', () => {
  it('copies unchanged months as stored and re-encodes only the month an edit touched', async () => {
    const { ledger } = ledgerAsUsed(4000); // 2019-01 and 2019-02, with audit and batches
    const file = join(dir, 'ledger.taizhang');
    await writeFileSafely(file, await encodeLedger(ledger, 'container'));
    const before = await storedEntries(file);
    const target = ledger.reports.find((r) => r.period === '2019-02')!;

    const store = await LedgerFileStore.open(file, { write: true, command: 'test' });
    let n = 0;
    const result = await store.run((reader) =>
      editCells(
        reader,
        { who: '测试', at: '2026-12-02T00:00:00.000Z', newId: () => `e${n++}` },
        {
          writes: [
            {
              taskId: target.taskId,
              unit: target.unit,
              period: '2019-02',
              field: 'progress',
              value: '新进展',
            },
          ],
          source: 'edit',
        },
      ),
    );
    expect(result.applied).toHaveLength(1);
    await store.save(new Date('2026-12-02T00:00:00.000Z'));
    const expected = store.ledger;
    await store.close();

    const after = await storedEntries(file);
    const names = [...before.keys()].filter((n) => n !== 'taizhang.json');
    expect(names.length).toBeGreaterThanOrEqual(5);
    const changed = names.filter((name) => before.get(name) !== after.get(name)).sort();
    expect(changed).toEqual(['audit/2019-02.jsonl', 'reports/2019-02.jsonl']);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());

    const back = (await readLedgerFile(file)).ledger;
    expect(
      back.reports.find((r) => r.taskId === target.taskId && r.unit === target.unit && r.period === '2019-02')
        ?.progress,
    ).toBe('新进展');
    expect({ ...back, savedAt: '' }).toEqual({ ...expected, savedAt: '' });
  });

  it('a month whose stored segment no longer matches its records is encoded afresh', async () => {
    const { ledger } = ledgerAsUsed(2000);
    const file = join(dir, 'count.taizhang');
    await writeFileSafely(file, await encodeLedger(ledger, 'container'));
    const { ledger: read, segments } = await readLedgerFile(file);
    // Drop a record of a month nobody marked as changed: the stored segment's count gives it away.
    const victim = read.reports.findIndex((r) => r.period === '2019-01');
    read.reports.splice(victim, 1);
    const out = join(dir, 'count-out.taizhang');
    await writeFileSafely(
      out,
      await encodeLedger(read, 'container', new Date(), new Map(), { stored: segments, changed: new Set() }),
    );
    expect((await readLedgerFile(out)).ledger.reports).toHaveLength(read.reports.length);
  });
});
