// Group resolutions: which concrete units a vague group (相关部门, 相关街道乡镇, …) stands for on one
// task, as the district coordinator decided. Stored one row per [taskId+group]; every decision is
// audited (field 'groupResolution', source 'resolve', old → new unit lists) so the assignment of work
// can be traced like any progress change.
import type { AuditEntry, GroupResolution } from '../../shared/model.ts';
import { newAuditId } from './progress-repo.ts';
import type { TaizhangDB } from './schema.ts';

export async function listGroupResolutions(db: TaizhangDB): Promise<GroupResolution[]> {
  return db.groupResolutions.toArray();
}

/**
 * Set the units a group stands for on a task (an empty list removes the resolution). Returns the
 * audit entry written, or null when nothing changed.
 */
export async function setGroupResolution(
  db: TaizhangDB,
  taskId: string,
  group: string,
  units: readonly string[],
  who: string,
  at: string = new Date().toISOString(),
): Promise<AuditEntry | null> {
  return db.transaction('rw', db.groupResolutions, db.audit, async () => {
    const before = await db.groupResolutions.get([taskId, group]);
    const old = before?.units ?? [];
    const next = [...new Set(units)];
    if (old.length === next.length && old.every((u, i) => u === next[i])) return null;
    if (next.length === 0) await db.groupResolutions.delete([taskId, group]);
    else await db.groupResolutions.put({ taskId, group, units: next, resolvedBy: who, resolvedAt: at });
    const entry: AuditEntry = {
      id: newAuditId(),
      at,
      who,
      source: 'resolve',
      taskId,
      unit: group,
      period: at.slice(0, 7),
      field: 'groupResolution',
      old,
      new: next,
    };
    await db.audit.add(entry);
    return entry;
  });
}

/** Audit of a task's group resolutions, newest first. */
export async function listResolutionAudit(db: TaizhangDB, taskId: string): Promise<AuditEntry[]> {
  const rows = await db.audit
    .where('taskId')
    .equals(taskId)
    .filter((e) => e.field === 'groupResolution')
    .toArray();
  return rows.sort((a, b) => (a.at < b.at ? 1 : -1));
}
