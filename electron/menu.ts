// The application menu (Chinese): 文件 / 编辑 / 视图 / 帮助.
//
// App actions (backup, import, export, print, undo/redo, find, about) are not performed here: the menu
// only sends a `menu-command` event to the renderer, which owns the ledger. Clipboard items use
// Chromium's built-in roles so they work in any text field.
import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { MENU_COMMAND_CHANNEL, type MenuCommand } from '../shared/ipc-contract.ts';

export interface MenuOptions {
  /** Developer tools appear only in an unpackaged (development) app. */
  isPackaged: boolean;
  platform: NodeJS.Platform;
  send: (command: MenuCommand) => void;
}

export function buildMenuTemplate({ isPackaged, platform, send }: MenuOptions): MenuItemConstructorOptions[] {
  const command = (label: string, cmd: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    id: cmd,
    ...(accelerator ? { accelerator } : {}),
    click: () => send(cmd),
  });

  const file: MenuItemConstructorOptions = {
    label: '文件',
    submenu: [
      command('保存备份…', 'backup-save', 'CmdOrCtrl+S'),
      command('从备份恢复…', 'backup-restore'),
      { type: 'separator' },
      command('导入回收的工作簿…', 'import-workbooks', 'CmdOrCtrl+O'),
      command('导出填报工作簿…', 'export-workbooks', 'CmdOrCtrl+E'),
      { type: 'separator' },
      command('打印督查清单…', 'print-checklist', 'CmdOrCtrl+P'),
      { type: 'separator' },
      { label: '退出', role: 'quit', accelerator: platform === 'darwin' ? 'Cmd+Q' : 'Ctrl+Q' },
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: '编辑',
    submenu: [
      command('撤销', 'undo', 'CmdOrCtrl+Z'),
      command('重做', 'redo', platform === 'win32' ? 'Ctrl+Y' : 'CmdOrCtrl+Shift+Z'),
      { type: 'separator' },
      { label: '剪切', role: 'cut' },
      { label: '复制', role: 'copy' },
      { label: '粘贴', role: 'paste' },
      { label: '全选', role: 'selectAll' },
      { type: 'separator' },
      command('查找', 'find', 'CmdOrCtrl+F'),
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: '视图',
    submenu: [
      { label: '重新加载', role: 'reload' },
      ...(isPackaged ? [] : [{ label: '开发者工具', role: 'toggleDevTools' } as MenuItemConstructorOptions]),
      { type: 'separator' },
      { label: '实际大小', role: 'resetZoom' },
      { label: '放大', role: 'zoomIn' },
      { label: '缩小', role: 'zoomOut' },
      { type: 'separator' },
      { label: '全屏', role: 'togglefullscreen' },
    ],
  };

  const help: MenuItemConstructorOptions = {
    label: '帮助',
    role: 'help',
    submenu: [command('关于台账', 'about')],
  };

  return [file, edit, view, help];
}

/** Install the menu; commands go to `getWindow()`'s renderer (the main window). */
export function installMenu(getWindow: () => BrowserWindow | null, isPackaged: boolean): void {
  const send = (command: MenuCommand): void => {
    const win = getWindow();
    if (win && !win.isDestroyed()) win.webContents.send(MENU_COMMAND_CHANNEL, command);
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(buildMenuTemplate({ isPackaged, platform: process.platform, send })),
  );
}
