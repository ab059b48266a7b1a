// The backup actions the Electron menu triggers (文件 → 保存备份 / 从备份恢复), wherever the user is:
// each runs in its own small React root over the app, so the restore confirmation is the same
// in-app dialog as in 设置 and no view has to be open.
import { createRoot, type Root } from 'react-dom/client';
import { pickBackupFile, saveBackupToFile } from './backup-actions.ts';
import { MessageDialog } from '../../components/Modal.tsx';
import { RestoreFlow } from './RestoreFlow.tsx';

let overlay: { root: Root; el: HTMLElement } | null = null;
let seq = 0;

function closeOverlay(): void {
  overlay?.root.unmount();
  overlay?.el.remove();
  overlay = null;
}

function openOverlay(): Root {
  closeOverlay();
  const el = document.createElement('div');
  el.className = 'backup-overlay';
  document.body.append(el);
  const root = createRoot(el);
  overlay = { root, el };
  return root;
}

/** 文件 → 从备份恢复: pick a file, then the confirmation dialog. Ignored while one is open. */
export function menuRestoreBackup(): void {
  if (overlay) return;
  openOverlay().render(<RestoreFlow request={{ id: ++seq, load: pickBackupFile }} onClose={closeOverlay} />);
}

/** 文件 → 保存备份: the save dialog; a message only when it failed. */
export async function menuSaveBackup(): Promise<void> {
  try {
    await saveBackupToFile();
  } catch (err) {
    console.error('backup save (menu) failed', err);
    openOverlay().render(
      <MessageDialog title="保存备份失败" lines={['未能保存备份，请重试。']} onClose={closeOverlay} />,
    );
  }
}
