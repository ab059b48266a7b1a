// Copies of evidence files opened with the system's viewer (IPC `evidence-open`): each in a folder
// of its own, `<tmp>/taizhang-evidence-XXXXXX/<name>`, written read-only. The viewer may still hold a
// copy when the app quits, so copies are not deleted then; at each start the folders older than a
// day are deleted instead (a photo of a site or a signed record should not stay in the temp folder
// for good). Only folders with this prefix, directly in the temp folder, are ever touched.
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const EVIDENCE_COPY_PREFIX = 'taizhang-evidence-';
/** How long a copy is left for the viewer: a day. */
export const EVIDENCE_COPY_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** Delete evidence-copy folders in `tmp` older than `maxAgeMs`; returns the folders deleted. */
export async function sweepEvidenceCopies(
  tmp: string,
  now: number = Date.now(),
  maxAgeMs: number = EVIDENCE_COPY_MAX_AGE_MS,
): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(tmp);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(EVIDENCE_COPY_PREFIX)) continue;
    const folder = join(tmp, name);
    try {
      const info = await stat(folder);
      if (!info.isDirectory() || now - info.mtimeMs < maxAgeMs) continue;
      // force + recursive: the copies are read-only (Node's rm clears that on Windows).
      await rm(folder, { recursive: true, force: true });
      removed.push(folder);
    } catch (err) {
      // One folder in use or gone meanwhile does not stop the others.
      console.error(`[taizhang] could not remove the evidence copy ${folder}:`, err);
    }
  }
  return removed;
}
