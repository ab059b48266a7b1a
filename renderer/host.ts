// The host boundary: what the renderer needs from its surroundings (save a file, pick files, print),
// with one implementation for a plain browser (download link, <input type=file>, window.print) and
// one for Electron (native dialogs and printToPDF over the preload's `window.taizhang`). Components
// call `getHost()` and never look at `window.taizhang` themselves. Nothing is stored here.
// The Electron side is typed by shared/ipc-contract.ts (type-only import: zod stays out of the bundle).
import type { TaizhangApi } from '../shared/ipc-contract.ts';

export interface HostFile {
  name: string;
  bytes: Uint8Array;
}

export interface Host {
  readonly isElectron: boolean;
  /** Offer `bytes` to the user under `name`. Resolves false when the user cancelled. */
  saveFile(name: string, bytes: Uint8Array): Promise<boolean>;
  /** Let the user pick files, e.g. accept = ['.xlsx', '.json']. Resolves [] when cancelled. */
  openFiles(accept: readonly string[]): Promise<HostFile[]>;
  /**
   * Print the current view. Browser: the print dialog. Electron: printToPDF and a save dialog
   * (`pdfName` is the suggested file name).
   */
  print(pdfName?: string): Promise<void>;
}

declare global {
  interface Window {
    /** Exposed by electron/preload.ts; absent in a plain browser. */
    taizhang?: TaizhangApi;
  }
}

/** `['.xlsx', '.json']` → dialog filter extensions `['xlsx', 'json']` (MIME types are skipped). */
export function acceptToExtensions(accept: readonly string[]): string[] {
  return accept.filter((a) => /^\.[A-Za-z0-9]{1,10}$/.test(a)).map((a) => a.slice(1).toLowerCase());
}

export function createBrowserHost(doc: Document = document): Host {
  return {
    isElectron: false,
    async saveFile(name, bytes) {
      const blob = new Blob([bytes.slice()], { type: 'application/octet-stream' });
      const url = URL.createObjectURL(blob);
      try {
        const a = doc.createElement('a');
        a.href = url;
        a.download = name;
        a.rel = 'noopener';
        doc.body.append(a);
        a.click();
        a.remove();
      } finally {
        // Give the download a moment to start before revoking.
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      }
      return true;
    },
    openFiles(accept) {
      return new Promise<HostFile[]>((resolve, reject) => {
        const input = doc.createElement('input');
        input.type = 'file';
        input.multiple = true;
        input.accept = accept.join(',');
        input.style.display = 'none';
        const done = () => input.remove();
        input.addEventListener('cancel', () => {
          done();
          resolve([]);
        });
        input.addEventListener('change', () => {
          const files = [...(input.files ?? [])];
          done();
          Promise.all(
            files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
          )
            .then(resolve)
            .catch(reject);
        });
        doc.body.append(input);
        input.click();
      });
    },
    async print() {
      window.print();
    },
  };
}

export function createElectronHost(api: TaizhangApi): Host {
  return {
    isElectron: true,
    async saveFile(name, bytes) {
      const ext = /\.([A-Za-z0-9]{1,10})$/.exec(name)?.[1];
      const filters = ext ? [{ name: ext.toUpperCase(), extensions: [ext.toLowerCase()] }] : [];
      return (await api.saveFile({ suggestedName: name, bytes, filters })) !== null;
    },
    async openFiles(accept) {
      const extensions = acceptToExtensions(accept);
      const filters = extensions.length ? [{ name: '支持的文件', extensions }] : [];
      return api.openFiles({ filters, multiple: true });
    },
    async print(pdfName = '台账.pdf') {
      await api.printToPdf({ suggestedName: pdfName, landscape: true, preferCSSPageSize: true });
    },
  };
}

let host: Host | undefined;

/** The host for this window: Electron when the preload exposed `window.taizhang`, else the browser. */
export function getHost(): Host {
  host ??= window.taizhang ? createElectronHost(window.taizhang) : createBrowserHost();
  return host;
}
