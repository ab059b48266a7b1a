import { describe, expect, it, vi } from 'vitest';
import type { TaizhangApi } from '../shared/ipc-contract.ts';
import { acceptToExtensions, createElectronHost } from './host.ts';

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
      writeBackup: vi
        .fn()
        .mockResolvedValue({ name: 'n', path: 'p', bytes: 1, createdAt: 't', reason: 'restore' }),
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
    await host.backups?.write('{}', 'restore');
    expect(api.writeBackup).toHaveBeenCalledWith({ json: '{}', reason: 'restore' });
  });
});
