import { describe, expect, it, vi } from 'vitest';
import * as contract from '../shared/ipc-contract.ts';
import type { BackupEntry, TaizhangApi } from '../shared/ipc-contract.ts';
import {
  acceptToExtensions,
  BACKUP_CHUNK_BYTES,
  createElectronHost,
  DISK_FULL_MARK,
  DISK_RESERVE_BYTES,
  explainWriteError,
  MAX_BACKUP_BYTES,
} from './host.ts';

const ENTRY: BackupEntry = {
  name: 'taizhang-backup-20261129T072800123Z-restore.taizhang',
  path: '/u/backups/taizhang-backup-20261129T072800123Z-restore.taizhang',
  bytes: 4,
  createdAt: '2026-11-29T07:28:00.123Z',
  reason: 'restore',
};

/** Bytes whose value depends on their position, so chunks out of order would show. */
function patterned(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + (i >> 20)) % 256;
  return bytes;
}
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.byteLength === b.byteLength && a.every((v, i) => v === b[i]);

describe('host', () => {
  it('turns accept lists into dialog extensions', () => {
    expect(acceptToExtensions(['.xlsx', '.JSON', 'application/json', '.tar.gz'])).toEqual(['xlsx', 'json']);
  });

  it('maps the Electron host onto the IPC contract', async () => {
    const api = {
      saveFile: vi.fn().mockResolvedValueOnce('/tmp/a.xlsx').mockResolvedValueOnce(null),
      openFiles: vi.fn().mockResolvedValue([{ name: 'a.xlsx', bytes: new Uint8Array([1]) }]),
      printToPdf: vi.fn().mockResolvedValue(null),
    } as unknown as TaizhangApi;
    const host = createElectronHost(api);
    expect(host.isElectron).toBe(true);
    expect(await host.saveFile('区水务局-2021-03.xlsx', new Uint8Array([1, 2]))).toBe(true);
    expect(await host.saveFile('x.xlsx', new Uint8Array())).toBe(false);
    expect(api.saveFile).toHaveBeenCalledWith({
      suggestedName: '区水务局-2021-03.xlsx',
      bytes: new Uint8Array([1, 2]),
      filters: [{ name: 'XLSX', extensions: ['xlsx'] }],
    });
    expect(await host.openFiles(['.xlsx'])).toHaveLength(1);
    expect(api.openFiles).toHaveBeenCalledWith({
      filters: [{ name: '支持的文件', extensions: ['xlsx'] }],
      multiple: true,
    });
    await host.print('督查清单.pdf');
    expect(api.printToPdf).toHaveBeenCalledWith({
      suggestedName: '督查清单.pdf',
      landscape: true,
      preferCSSPageSize: true,
    });
    const footerTemplate = '<div>第 <span class="pageNumber"></span> 页</div>';
    await host.print('督查清单-永乐店镇-2021-03.pdf', { landscape: false, footerTemplate });
    expect(api.printToPdf).toHaveBeenLastCalledWith({
      suggestedName: '督查清单-永乐店镇-2021-03.pdf',
      landscape: false,
      preferCSSPageSize: true,
      headerTemplate: '<div></div>',
      footerTemplate,
    });
  });

  it('cleans suggested names before they reach main (which refuses / \\ : * ? " < > | .. and device names)', async () => {
    const api = {
      saveFile: vi.fn().mockResolvedValue('/tmp/x'),
      printToPdf: vi.fn().mockResolvedValue(null),
    } as unknown as TaizhangApi;
    const host = createElectronHost(api);
    await host.saveFile('区城市管理委/区财政局:2021*03?.xlsx', new Uint8Array());
    expect(api.saveFile).toHaveBeenCalledWith(
      expect.objectContaining({ suggestedName: '区城市管理委_区财政局_2021_03_.xlsx' }),
    );
    await host.saveFile('CON', new Uint8Array());
    expect(api.saveFile).toHaveBeenLastCalledWith(
      expect.objectContaining({ suggestedName: '_CON', filters: [] }),
    );
    await host.print('a/b');
    expect(api.printToPdf).toHaveBeenCalledWith(expect.objectContaining({ suggestedName: 'a_b.pdf' }));
  });

  it('keeps its copies of the backup size constants equal to the contract’s', () => {
    expect(BACKUP_CHUNK_BYTES).toBe(contract.BACKUP_CHUNK_BYTES);
    expect(MAX_BACKUP_BYTES).toBe(contract.MAX_BACKUP_BYTES);
    expect(DISK_FULL_MARK).toBe(contract.DISK_FULL_MARK);
    expect(DISK_RESERVE_BYTES).toBe(contract.DISK_RESERVE_BYTES);
  });

  it('says a full disk in Chinese, for a backup refused before it began and a save cut short', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const refused = new Error(
      `Error invoking remote method 'backup-begin': Error: Backup refused (${DISK_FULL_MARK}): 3000000 bytes to write, 100 free`,
    );
    const api = {
      backupBegin: vi.fn().mockRejectedValue(refused),
      backupChunk: vi.fn(),
      backupCommit: vi.fn(),
      backupAbort: vi.fn(),
      saveBegin: vi.fn().mockResolvedValue({ handle: 's1' }),
      saveChunk: vi.fn().mockRejectedValue(new Error(`Save refused (${DISK_FULL_MARK}): the disk is full`)),
      saveCommit: vi.fn(),
      saveAbort: vi.fn().mockResolvedValue(null),
    } as unknown as TaizhangApi;
    const host = createElectronHost(api);
    const blob = new Blob([new Uint8Array(3_000_000)]);
    await expect(host.backups?.write(blob, 'import')).rejects.toThrow(
      '磁盘剩余空间不足，备份未能保存（备份约 3 MB，磁盘还须另留 64 MB 空余）。请清理磁盘空间后重试。',
    );
    expect(api.backupBegin).toHaveBeenCalledWith('import', 3_000_000);
    expect(api.backupChunk).not.toHaveBeenCalled();
    await expect(host.saveBlob('回报包.zip', blob)).rejects.toThrow('磁盘剩余空间不足，文件未能保存');
    expect(api.saveAbort).toHaveBeenCalledWith('s1');
    // Any other failure is passed on as it was.
    expect(explainWriteError(new Error('EACCES: permission denied'), '备份', 10)).toEqual(
      new Error('EACCES: permission denied'),
    );
  });

  it('writes a backup Blob in BACKUP_CHUNK_BYTES chunks, in order, then commits', async () => {
    const data = patterned(2 * BACKUP_CHUNK_BYTES + 5);
    const received: Uint8Array[] = [];
    const api = {
      backupBegin: vi.fn().mockResolvedValue({ handle: 'h1' }),
      backupChunk: vi.fn(async (_handle: string, bytes: Uint8Array) => {
        received.push(bytes);
        return null;
      }),
      backupCommit: vi.fn().mockResolvedValue(ENTRY),
      backupAbort: vi.fn(),
    } as unknown as TaizhangApi;
    const host = createElectronHost(api);
    expect(await host.backups?.write(new Blob([data.slice()]), 'restore')).toEqual(ENTRY);
    expect(api.backupBegin).toHaveBeenCalledWith('restore', 2 * BACKUP_CHUNK_BYTES + 5);
    expect(received.map((b) => b.byteLength)).toEqual([BACKUP_CHUNK_BYTES, BACKUP_CHUNK_BYTES, 5]);
    expect(received.every((b) => b instanceof Uint8Array)).toBe(true);
    const joined = new Uint8Array(data.length);
    received.reduce((at, b) => (joined.set(b, at), at + b.byteLength), 0);
    expect(sameBytes(joined, data)).toBe(true);
    expect(vi.mocked(api.backupChunk).mock.calls.every((c) => c[0] === 'h1')).toBe(true);
    expect(api.backupCommit).toHaveBeenCalledWith('h1');
    expect(api.backupAbort).not.toHaveBeenCalled();
  });

  it('aborts the backup when a chunk or the commit fails, and rethrows', async () => {
    const api = {
      backupBegin: vi.fn().mockResolvedValue({ handle: 'h2' }),
      backupChunk: vi.fn().mockResolvedValueOnce(null).mockRejectedValueOnce(new Error('disk full')),
      backupCommit: vi.fn(),
      backupAbort: vi.fn().mockResolvedValue(null),
    } as unknown as TaizhangApi;
    const host = createElectronHost(api);
    await expect(
      host.backups?.write(new Blob([patterned(BACKUP_CHUNK_BYTES + 1) as Uint8Array<ArrayBuffer>]), 'import'),
    ).rejects.toThrow('disk full');
    expect(api.backupChunk).toHaveBeenCalledTimes(2);
    expect(api.backupCommit).not.toHaveBeenCalled();
    expect(api.backupAbort).toHaveBeenCalledWith('h2');

    // a refused commit (not a zip): aborted too; a failing abort does not hide the first error
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.mocked(api.backupChunk).mockResolvedValue(null);
    vi.mocked(api.backupCommit).mockRejectedValue(new Error('not a ledger container (zip)'));
    vi.mocked(api.backupAbort).mockRejectedValue(new Error('unknown backup handle'));
    await expect(host.backups?.write(new Blob(['{}']), 'manual')).rejects.toThrow('not a ledger container');
    expect(api.backupAbort).toHaveBeenCalledTimes(2);
  });

  it('saves a Blob of any size through the dialog in chunks; cancel → false; a failure aborts and rethrows', async () => {
    const data = patterned(BACKUP_CHUNK_BYTES + 7);
    const received: Uint8Array[] = [];
    const api = {
      saveFile: vi.fn(),
      saveBegin: vi.fn().mockResolvedValue({ handle: 's1', path: '/home/u/永乐店镇_2021年03月_回报.zip' }),
      saveChunk: vi.fn(async (_handle: string, bytes: Uint8Array) => {
        received.push(bytes);
        return null;
      }),
      saveCommit: vi.fn().mockResolvedValue('/home/u/永乐店镇_2021年03月_回报.zip'),
      saveAbort: vi.fn().mockResolvedValue(null),
    } as unknown as TaizhangApi;
    const host = createElectronHost(api);
    expect(await host.saveBlob('永乐店镇_2021年03月_回报.zip', new Blob([data.slice()]))).toBe(true);
    expect(api.saveFile).not.toHaveBeenCalled(); // never one message holding the whole file
    expect(api.saveBegin).toHaveBeenCalledWith({
      suggestedName: '永乐店镇_2021年03月_回报.zip',
      filters: [{ name: 'ZIP', extensions: ['zip'] }],
    });
    expect(received.map((b) => b.byteLength)).toEqual([BACKUP_CHUNK_BYTES, 7]);
    const joined = new Uint8Array(data.length);
    received.reduce((at, b) => (joined.set(b, at), at + b.byteLength), 0);
    expect(sameBytes(joined, data)).toBe(true);
    expect(api.saveCommit).toHaveBeenCalledWith('s1');

    vi.mocked(api.saveBegin).mockResolvedValueOnce(null);
    expect(await host.saveBlob('a.zip', new Blob(['x']))).toBe(false);
    expect(api.saveCommit).toHaveBeenCalledTimes(1);

    vi.mocked(api.saveChunk).mockRejectedValueOnce(new Error('disk full'));
    await expect(host.saveBlob('a.zip', new Blob(['x']))).rejects.toThrow('disk full');
    expect(api.saveAbort).toHaveBeenCalledWith('s1');
    expect(api.saveCommit).toHaveBeenCalledTimes(1);
  });

  it('picks one file of any size and reads it through main in pieces, into a Blob', async () => {
    const data = patterned(2 * BACKUP_CHUNK_BYTES + 3);
    const api = {
      openFiles: vi.fn(),
      pickFile: vi.fn().mockResolvedValue({ handle: 'p1', name: '备份.taizhang', bytes: data.length }),
      readPickedFile: vi.fn(async (_h: string, offset: number, length: number) =>
        data.slice(offset, offset + length),
      ),
    } as unknown as TaizhangApi;
    const host = createElectronHost(api);
    const picked = await host.pickFile(['.taizhang', '.json']);
    expect(picked?.name).toBe('备份.taizhang');
    expect(sameBytes(new Uint8Array(await picked!.data.arrayBuffer()), data)).toBe(true);
    expect(api.pickFile).toHaveBeenCalledWith({
      filters: [{ name: '支持的文件', extensions: ['taizhang', 'json'] }],
    });
    expect(vi.mocked(api.readPickedFile).mock.calls.map((c) => c[1])).toEqual([
      0,
      BACKUP_CHUNK_BYTES,
      2 * BACKUP_CHUNK_BYTES,
    ]);
    expect(api.openFiles).not.toHaveBeenCalled();
    vi.mocked(api.pickFile).mockResolvedValueOnce(null);
    expect(await host.pickFile(['.json'])).toBeNull();
  });

  it('refuses a backup over 64 GiB before opening one', async () => {
    const api = { backupBegin: vi.fn() } as unknown as TaizhangApi;
    const huge = { size: MAX_BACKUP_BYTES + 1 } as Blob;
    await expect(createElectronHost(api).backups?.write(huge, 'quit')).rejects.toThrow('64 GiB');
    expect(api.backupBegin).not.toHaveBeenCalled();
  });

  it('reads a backup range by range until a short read, and joins the pieces', async () => {
    for (const length of [2 * BACKUP_CHUNK_BYTES + 3, BACKUP_CHUNK_BYTES, 10, 0]) {
      const file = patterned(length);
      const api = {
        readBackupRange: vi.fn(async (_name: string, offset: number, size: number) =>
          file.slice(offset, offset + size),
        ),
      } as unknown as TaizhangApi;
      const blob = await createElectronHost(api).backups!.read(ENTRY.name);
      const got = new Uint8Array(await blob.arrayBuffer());
      expect(got.byteLength, `${length}`).toBe(length);
      expect(sameBytes(got, file)).toBe(true);
      const calls = vi.mocked(api.readBackupRange).mock.calls;
      const expectedOffsets = Array.from(
        { length: Math.floor(length / BACKUP_CHUNK_BYTES) + 1 },
        (_, i) => i * BACKUP_CHUNK_BYTES,
      );
      expect(calls).toEqual(expectedOffsets.map((offset) => [ENTRY.name, offset, BACKUP_CHUNK_BYTES]));
    }
  });
});
