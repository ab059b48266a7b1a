import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuCommand, TaizhangApi } from '../shared/ipc-contract.ts';
import {
  handleMenuCommand,
  installElectronBridge,
  isTextField,
  type FocusedElement,
} from './electron-bridge.ts';

// No DOM in this test environment: a minimal window/document stand-in for what the bridge touches.
let events: string[];
let active: FocusedElement | null;
let execCommand: ReturnType<typeof vi.fn>;

beforeEach(() => {
  events = [];
  active = null;
  execCommand = vi.fn();
  vi.stubGlobal('window', {
    location: { hash: '' },
    dispatchEvent: (e: Event) => events.push(e.type),
  });
  vi.stubGlobal('document', {
    get activeElement() {
      return active;
    },
    execCommand,
    querySelector: () => null,
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('isTextField', () => {
  it.each([
    [{ tagName: 'INPUT', type: 'text' }, true],
    [{ tagName: 'input', type: 'search' }, true],
    [{ tagName: 'INPUT', type: 'checkbox' }, false],
    [{ tagName: 'INPUT', type: 'text', readOnly: true }, false],
    [{ tagName: 'TEXTAREA' }, true],
    [{ tagName: 'TEXTAREA', dataset: { testid: 'cell-proxy' }, className: 'cell-proxy' }, false],
    [{ tagName: 'TEXTAREA', dataset: { testid: 'cell-proxy' }, className: 'cell-proxy editing' }, true],
    [{ tagName: 'DIV', isContentEditable: true }, true],
    [{ tagName: 'BUTTON' }, false],
    [null, false],
  ] as [FocusedElement | null, boolean][])('%j → %s', (el, expected) => {
    expect(isTextField(el)).toBe(expected);
  });
});

describe('handleMenuCommand', () => {
  it.each([
    ['import-workbooks', '#/exchange'],
    ['export-workbooks', '#/exchange?export=1'],
    ['print-checklist', '#/checklist'],
  ] as [MenuCommand, string][])('%s navigates to %s', async (command, hash) => {
    window.location.hash = '#/ledger';
    await handleMenuCommand(command);
    expect(window.location.hash).toBe(hash);
  });

  it('print-checklist prints the checklist already on screen instead of leaving it', async () => {
    window.location.hash = '#/checklist?period=2021-03&unit=永乐店镇';
    await handleMenuCommand('print-checklist');
    expect(window.location.hash).toBe('#/checklist?period=2021-03&unit=永乐店镇');
    expect(events).toEqual(['taizhang-print-checklist']);
  });

  it('undo/redo go to the focused text field', async () => {
    active = { tagName: 'INPUT', type: 'text' };
    await handleMenuCommand('undo');
    await handleMenuCommand('redo');
    expect(execCommand.mock.calls).toEqual([['undo'], ['redo']]);
    expect(events).toEqual([]);
  });

  it('undo/redo become taizhang-undo/redo events for the grid otherwise', async () => {
    active = { tagName: 'TEXTAREA', dataset: { testid: 'cell-proxy' }, className: 'cell-proxy' };
    await handleMenuCommand('undo');
    active = null;
    await handleMenuCommand('redo');
    expect(events).toEqual(['taizhang-undo', 'taizhang-redo']);
    expect(execCommand).not.toHaveBeenCalled();
  });
});

describe('installElectronBridge', () => {
  it('does nothing without the Electron API', () => {
    expect(installElectronBridge(undefined)).toBeTypeOf('function');
  });

  it('subscribes to menu commands and provides the quit backup, and unsubscribes', async () => {
    let listener: ((c: MenuCommand) => void) | undefined;
    let provider: (() => unknown) | undefined;
    const offMenu = vi.fn();
    const offQuit = vi.fn();
    const api = {
      onMenuCommand: (l: (c: MenuCommand) => void) => ((listener = l), offMenu),
      onBeforeQuitBackup: (p: () => unknown) => ((provider = p), offQuit),
    } as unknown as TaizhangApi;
    const off = installElectronBridge(api);
    listener?.('print-checklist');
    await new Promise((r) => setTimeout(r, 0));
    expect(window.location.hash).toBe('#/checklist');
    expect(provider).toBeTypeOf('function');
    off();
    expect(offMenu).toHaveBeenCalled();
    expect(offQuit).toHaveBeenCalled();
  });
});
