// One writer at a time on a ledger file: an exclusive lock file beside it (`台账.json.lock`, created
// with O_EXCL so two processes cannot both create it — on a local disk and on SMB/NFS shares alike)
// holding who took it: pid, host, command and time. A lock whose process is gone (same host) or that
// is older than STALE_AFTER_MS (another host, which we cannot ask) is recovered; otherwise the
// second writer waits briefly and then stops with a message naming the holder.

import { hostname } from 'node:os';
import { rmSync } from 'node:fs';
import { open, readFile, rm } from 'node:fs/promises';
import { processAlive } from './safe-write.ts';

export const STALE_AFTER_MS = 10 * 60 * 1000;
const WAIT_MS = 3_000;
const RETRY_MS = 50;

export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  at: string;
}

export class LedgerLocked extends Error {
  constructor(
    readonly holder: LockHolder | null,
    readonly userMessage: string,
  ) {
    super(
      `ledger is locked by ${holder ? `pid ${holder.pid} on ${holder.host} since ${holder.at}` : 'an unknown process'}`,
    );
    this.name = 'LedgerLocked';
  }
}

async function readHolder(lockPath: string): Promise<LockHolder | null> {
  try {
    const parsed = JSON.parse(await readFile(lockPath, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return null;
    return {
      pid: parsed.pid,
      host: parsed.host,
      command: String(parsed.command ?? ''),
      at: String(parsed.at ?? ''),
    };
  } catch {
    return null;
  }
}

function isStale(holder: LockHolder | null, now: number): boolean {
  if (!holder) return false;
  if (holder.host === hostname()) return !processAlive(holder.pid);
  const at = Date.parse(holder.at);
  return Number.isFinite(at) && now - at > STALE_AFTER_MS;
}

export interface LedgerLock {
  release(): Promise<void>;
}

/** Take the lock of the ledger file `target` (its real path). */
export async function lockLedger(target: string, command: string, waitMs = WAIT_MS): Promise<LedgerLock> {
  const lockPath = `${target}.lock`;
  const me: LockHolder = { pid: process.pid, host: hostname(), command, at: new Date().toISOString() };
  const deadline = Date.now() + waitMs;
  let recovered = false;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      try {
        await handle.writeFile(JSON.stringify(me));
        await handle.sync();
      } finally {
        await handle.close();
      }
      let released = false;
      const release = async () => {
        if (released) return;
        released = true;
        process.removeListener('exit', releaseSync);
        const holder = await readHolder(lockPath);
        if (holder && holder.pid === me.pid && holder.host === me.host) await rm(lockPath, { force: true });
      };
      const releaseSync = () => {
        // Last resort on process exit: best effort, synchronously.
        try {
          rmSync(lockPath, { force: true });
        } catch {
          /* nothing to do */
        }
      };
      process.once('exit', releaseSync);
      return { release };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw err;
    }
    const holder = await readHolder(lockPath);
    if (!recovered && isStale(holder, Date.now())) {
      recovered = true;
      await rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      const who = holder
        ? `${holder.host} 上的进程 ${holder.pid}（${holder.command || '未知命令'}，开始于 ${holder.at}）`
        : '另一个程序';
      throw new LedgerLocked(
        holder,
        `台账文件正被${who}使用，请等它完成后再试。如确认该程序已不在运行，可删除 ${lockPath}。`,
      );
    }
    await new Promise((r) => setTimeout(r, RETRY_MS));
  }
}
