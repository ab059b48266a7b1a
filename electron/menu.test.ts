import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../shared/ipc-contract.ts';

const electron = vi.hoisted(() => ({
  Menu: { buildFromTemplate: vi.fn((t: unknown) => ({ template: t })), setApplicationMenu: vi.fn() },
}));
vi.mock('electron', () => electron);

const { buildMenuTemplate, installMenu } = await import('./menu.ts');

function items(template: MenuItemConstructorOptions[], top: string): MenuItemConstructorOptions[] {
  const menu = template.find((m) => m.label === top);
  return (menu?.submenu as MenuItemConstructorOptions[]).filter((i) => i.type !== 'separator');
}

function click(item: MenuItemConstructorOptions | undefined): void {
  (item?.click as unknown as () => void)();
}

describe('application menu', () => {
  const sent: MenuCommand[] = [];
  const template = buildMenuTemplate({ isPackaged: true, platform: 'win32', send: (c) => sent.push(c) });

  it('has the Chinese top-level menus', () => {
    expect(template.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '帮助']);
  });

  it('has Chinese items, sending the right command', () => {
    const expected: [string, string, MenuCommand | null][] = [
      ['文件', '保存备份…', 'backup-save'],
      ['文件', '从备份恢复…', 'backup-restore'],
      ['文件', '导入回收的工作簿…', 'import-workbooks'],
      ['文件', '导出填报工作簿…', 'export-workbooks'],
      ['文件', '打印督查清单…', 'print-checklist'],
      ['编辑', '撤销', 'undo'],
      ['编辑', '重做', 'redo'],
      ['编辑', '查找', 'find'],
      ['帮助', '关于台账', 'about'],
    ];
    for (const [top, label, command] of expected) {
      const item = items(template, top).find((i) => i.label === label);
      expect(item, label).toBeDefined();
      sent.length = 0;
      click(item);
      expect(sent, label).toEqual([command]);
    }
    expect(items(template, '文件').map((i) => i.label)).toEqual([
      '保存备份…',
      '从备份恢复…',
      '导入回收的工作簿…',
      '导出填报工作簿…',
      '打印督查清单…',
      '退出',
    ]);
  });

  it('uses native roles for quit, clipboard and view items', () => {
    const roles = (top: string): [unknown, unknown][] =>
      items(template, top)
        .filter((i) => i.role)
        .map((i) => [i.label, i.role]);
    expect(roles('文件')).toEqual([['退出', 'quit']]);
    expect(roles('编辑')).toEqual([
      ['剪切', 'cut'],
      ['复制', 'copy'],
      ['粘贴', 'paste'],
      ['全选', 'selectAll'],
    ]);
    expect(roles('视图')).toEqual([
      ['重新加载', 'reload'],
      ['实际大小', 'resetZoom'],
      ['放大', 'zoomIn'],
      ['缩小', 'zoomOut'],
      ['全屏', 'togglefullscreen'],
    ]);
  });

  it('offers developer tools only in an unpackaged app', () => {
    const dev = buildMenuTemplate({ isPackaged: false, platform: 'linux', send: () => {} });
    expect(items(dev, '视图').map((i) => i.label)).toContain('开发者工具');
    expect(items(template, '视图').map((i) => i.label)).not.toContain('开发者工具');
  });

  it('gives every label Chinese text', () => {
    const all = template.flatMap((m) => [m, ...items(template, m.label as string)]);
    for (const item of all) expect(item.label, String(item.label)).toMatch(/[\u4e00-\u9fff]/);
  });

  it('installMenu sends menu-command to the main window', () => {
    const send = vi.fn();
    const win = { isDestroyed: () => false, webContents: { send } };
    installMenu(() => win as never, true);
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    const built = electron.Menu.buildFromTemplate.mock.calls[0]?.[0] as MenuItemConstructorOptions[];
    click(items(built, '文件').find((i) => i.label === '导入回收的工作簿…'));
    expect(send).toHaveBeenCalledWith('menu-command', 'import-workbooks');
  });
});
