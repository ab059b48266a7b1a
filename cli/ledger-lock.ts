// One writer at a time on a ledger file: an exclusive lock file beside it (`台账.json.lock`, created
// with O_EXCL so two processes cannot both create it — on a local disk and on SMB/NFS shares alike)
// holding who took it: pid, host, command and time. A lock is stale, and recovered, when its process
// is gone (same host: no such pid, or the lock is older than the machine's last start), or when it
// is older than STALE_AFTER_MS (another host, which we cannot ask; or a lock file nobody could read,
// left by a crash right after it was created). Recovery takes a second O_EXCL file, `….lock.recover`,
// and looks again before removing anything, so two processes recovering at once cannot remove the
// lock one of them has just taken. Otherwise the second writer waits briefly and then stops with a
// message naming the holder.

import { hostname, uptime } from 'node:os';
import { readFileSync, rmSync } from 'node:fs';
import { open, readFile, rm, stat } from 'node:fs/promises';
import { processAlive } from './safe-write.ts';

export const STALE_AFTER_MS = 10 * 60 * 1000;
/** How long a second writer waits for the lock before it stops. */
export const WAIT_MS = 3_000;
const RETRY_MS = 50;
/** A recovery file is held for milliseconds: one this old was left by a process that died holding it. */
const RECOVER_STALE_MS = 60_000;

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

/** Whether the lock file `lockPath`, whose holder reads as `holder`, was left by a process now gone. */
async function isStale(lockPath: string, holder: LockHolder | null, now: number): Promise<boolean> {
  if (!holder) {
    const info = await stat(lockPath).catch(() => null);
    return info !== null && now - info.mtimeMs > STALE_AFTER_MS;
  }
  const at = Date.parse(holder.at);
  if (holder.host === hostname()) {
    // A pid from before the machine last started may since belong to another program.
    const bootedAt = now - uptime() * 1000;
    return !processAlive(holder.pid) || (Number.isFinite(at) && at < bootedAt - 60_000);
  }
  return Number.isFinite(at) && now - at > STALE_AFTER_MS;
}

/**
 * Remove the lock if it is still stale, holding `….lock.recover` while judging: between reading a
 * stale holder and removing its file, another process may have recovered it and taken the lock.
 */
async function recoverStale(lockPath: string): Promise<boolean> {
  const guard = `${lockPath}.recover`;
  try {
    await (await open(guard, 'wx')).close();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const info = await stat(guard).catch(() => null);
    if (info && Date.now() - info.mtimeMs > RECOVER_STALE_MS) await rm(guard, { force: true });
    return false; // someone else is recovering: look again on the next try
  }
  try {
    if (!(await isStale(lockPath, await readHolder(lockPath), Date.now()))) return false;
    await rm(lockPath, { force: true });
    return true;
  } finally {
    await rm(guard, { force: true });
  }
}

export interface LedgerLock {
  release(): Promise<void>;
}

/** Take the lock of the ledger file `target` (its real path). */
export async function lockLedger(target: string, command: string, waitMs = WAIT_MS): Promise<LedgerLock> {
  const lockPath = `${target}.lock`;
  const me: LockHolder = { pid: process.pid, host: hostname(), command, at: new Date().toISOString() };
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      try {
        await handle.writeFile(JSON.stringify(me));
        await handle.sync();
      } catch (err) {
        // A lock naming nobody (a full disk) would stop every writer for STALE_AFTER_MS.
        await handle.close().catch(() => undefined);
        await rm(lockPath, { force: true });
        throw err;
      }
      await handle.close();
      let released = false;
      const release = async () => {
        if (released) return;
        released = true;
        process.removeListener('exit', releaseSync);
        const holder = await readHolder(lockPath);
        if (holder && holder.pid === me.pid && holder.host === me.host) await rm(lockPath, { force: true });
      };
      const mine = JSON.stringify(me);
      const releaseSync = () => {
        // Last resort on process exit: best effort, synchronously, and only a lock still ours.
        try {
          if (readFileSync(lockPath, 'utf8') === mine) rmSync(lockPath, { force: true });
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
    if ((await isStale(lockPath, holder, Date.now())) && (await recoverStale(lockPath))) continue;
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
