import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PendingSave } from './pending-save.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'taizhang-save-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('PendingSave', () => {
  it('writes beside the target and takes its name only on commit', async () => {
    const target = join(dir, '回报.zip');
    await writeFile(target, 'old');
    const save = await PendingSave.begin(target);
    await save.append(new Uint8Array([1, 2]));
    await save.append(new Uint8Array([3]));
    expect(await readFile(target, 'utf8')).toBe('old');
    expect((await readdir(dir)).sort()).toEqual(
      [expect.stringMatching(/^\.taizhang-save-[0-9a-f]{12}\.part$/), '回报.zip'].sort(),
    );
    expect(await save.commit()).toBe(target);
    expect([...(await readFile(target))]).toEqual([1, 2, 3]);
    expect(await readdir(dir)).toEqual(['回报.zip']);
    await expect(save.append(new Uint8Array([4]))).rejects.toThrow('no longer open');
  });

  it('writeWhole: a workbook sent in one message takes the chosen name only once complete', async () => {
    const target = join(dir, '永乐店镇_2021年03月_进展填报.xlsx');
    await writeFile(target, 'old');
    expect(await PendingSave.writeWhole(target, new Uint8Array([7, 8, 9]))).toBe(target);
    expect([...(await readFile(target))]).toEqual([7, 8, 9]);
    const empty = join(dir, 'empty.pdf');
    await PendingSave.writeWhole(empty, new Uint8Array());
    expect((await readFile(empty)).length).toBe(0);
    // A name that cannot be replaced (a folder there): refused, the folder kept, no temp file left.
    const taken = join(dir, 'taken.xlsx');
    await mkdir(taken);
    await expect(PendingSave.writeWhole(taken, new Uint8Array([1]))).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(
      ['empty.pdf', 'taken.xlsx', '永乐店镇_2021年03月_进展填报.xlsx'].sort(),
    );
  });

  it('past its cap, or aborted, it leaves the target as it was and no temp file', async () => {
    const target = join(dir, 'a.zip');
    await writeFile(target, 'old');
    const big = await PendingSave.begin(target, 4);
    await big.append(new Uint8Array(3));
    await expect(big.append(new Uint8Array(2))).rejects.toThrow('Save refused: larger than 4 bytes');
    expect(big.isOpen).toBe(false);
    await expect(big.commit()).rejects.toThrow('no longer open');
    const dropped = await PendingSave.begin(target);
    await dropped.append(new Uint8Array(3));
    await dropped.abort();
    await dropped.abort();
    expect(await readdir(dir)).toEqual(['a.zip']);
    expect(await readFile(target, 'utf8')).toBe('old');
  });

  it('runs appends and commit in call order', async () => {
    const target = join(dir, 'b.bin');
    const save = await PendingSave.begin(target);
    const parts = [new Uint8Array([1]), new Uint8Array([2, 3]), new Uint8Array([4])];
    const appended = Promise.all(parts.map((p) => save.append(p)));
    await save.commit();
    await appended;
    expect([...(await readFile(target))]).toEqual([1, 2, 3, 4]);
  });
});
