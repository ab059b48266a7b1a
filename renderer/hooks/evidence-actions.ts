// What the detail panel, the grid and the clerk's panel do with evidence, reviews and extensions,
// bound to the app's store and host. Every ledger change is a use case run through appStore
// (audited, one transaction); reading the bytes (hashing, identifying) happens in the evidence
// worker first (renderer/evidence/intake.ts). Thumbnails are a cache beside the bytes, drawn the
// first time a photo is shown: not ledger data, so they are written outside the store's commit.
import { useLiveQuery } from 'dexie-react-hooks';
import { attachEvidence, removeEvidence } from '../../shared/engine/evidence-cases.ts';
import { decideExtension, requestExtension, reviewReports } from '../../shared/engine/review-cases.ts';
import { updateSettings } from '../../shared/engine/ledger-admin.ts';
import type { Attachment } from '../../shared/evidence/model.ts';
import { EVIDENCE_MIME, isViewableImage } from '../../shared/evidence/sniff.ts';
import type { ExtensionRequest } from '../../shared/extension.ts';
import type { ReportRef, RowRef } from '../../shared/keys.ts';
import type { Review, ReviewEvent } from '../../shared/review.ts';
import { appDb, appStore } from '../db/index.ts';
import { prepareFiles, type Progress } from '../evidence/intake.ts';
import { getHost } from '../host.ts';
import { useCaseContext } from './actions.ts';

export interface AttachOutcome {
  attached: Attachment[];
  /** Files not attached and why (Chinese). */
  notTaken: { name: string; reason: string }[];
}

/** Attach files (dropped, picked or pasted) to one report. */
export async function attachFiles(
  ref: ReportRef,
  files: File[],
  who: string,
  progress?: Progress,
): Promise<AttachOutcome> {
  const prepared = await prepareFiles(files, progress);
  if (prepared.files.length === 0) return { attached: [], notTaken: prepared.refused };
  const result = await appStore.run((reader) =>
    attachEvidence(reader, useCaseContext(who), { items: prepared.files.map((file) => ({ ref, file })) }),
  );
  console.info(`attached ${result.attached.length} file(s) to ${ref.taskId} ${ref.unit} ${ref.period}`);
  return {
    attached: result.attached,
    notTaken: [...prepared.refused, ...result.skipped.map((s) => ({ name: s.name, reason: s.reason }))],
  };
}

export function removeAttachment(id: string, who: string): Promise<Attachment | null> {
  return appStore.run((reader) => removeEvidence(reader, useCaseContext(who), { id }));
}

export async function reviewRows(
  refs: readonly ReportRef[],
  event: ReviewEvent,
  who: string,
): Promise<{ changed: number; refused: string[] }> {
  const r = await appStore.run((reader) => reviewReports(reader, useCaseContext(who), { refs, event }));
  return { changed: r.changed.length, refused: [...new Set(r.refused.map((x) => x.message))] };
}

export async function askExtension(
  input: RowRef & { period: string; until: string; reason: string },
  who: string,
): Promise<string | null> {
  const r = await appStore.run((reader) => requestExtension(reader, useCaseContext(who), input));
  return r.ok ? null : r.message;
}

export async function decideExtensionFor(
  input: RowRef & { decision: 'approve' | 'reject'; comment: string },
  who: string,
): Promise<string | null> {
  const r = await appStore.run((reader) => decideExtension(reader, useCaseContext(who), input));
  return r.ok ? null : r.message;
}

export function setRankReviewedOnly(value: boolean, who: string) {
  return appStore.run((reader) => updateSettings(reader, { rankReviewedOnly: value }, useCaseContext(who)));
}

/** Every file of a task × unit: newest month first, then in the order attached (names break ties). */
export function useRowEvidence(taskId: string, unit: string): Attachment[] | undefined {
  return useLiveQuery(
    async () =>
      (await appStore.attachments({ taskId, unit })).sort(
        (a, b) =>
          (a.period < b.period ? 1 : a.period > b.period ? -1 : 0) ||
          (a.addedAt < b.addedAt ? -1 : a.addedAt > b.addedAt ? 1 : 0) ||
          a.name.localeCompare(b.name, 'zh-CN'),
      ),
    [taskId, unit],
  );
}

export function useRowExtensions(taskId: string, unit: string): ExtensionRequest[] | undefined {
  return useLiveQuery(() => appStore.extensions({ taskId, unit }), [taskId, unit]);
}

export function useReview(ref: ReportRef): Review | null | undefined {
  return useLiveQuery(
    async () => (await appStore.reviews([ref])).values().next().value ?? null,
    [ref.taskId, ref.unit, ref.period],
  );
}

/** The bytes of a file, typed for the browser to show (never by name: by what it is). */
export async function evidenceBlob(a: Pick<Attachment, 'sha256' | 'kind'>): Promise<Blob> {
  const row = await appDb.blobs.get(a.sha256);
  if (!row) throw new Error(`no bytes for ${a.sha256}`);
  return new Blob([row.data], { type: EVIDENCE_MIME[a.kind] });
}

const THUMB = 160;

/** A small JPEG of a photo, drawn once and kept beside its bytes. */
export async function thumbnail(a: Pick<Attachment, 'sha256' | 'kind'>): Promise<Blob | null> {
  if (!isViewableImage(a.kind)) return null;
  const row = await appDb.blobs.get(a.sha256);
  if (!row) return null;
  if (row.thumb) return row.thumb;
  try {
    const bitmap = await createImageBitmap(row.data, { resizeWidth: THUMB, resizeQuality: 'medium' });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
    bitmap.close();
    const thumb = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.75 });
    await appDb.blobs.update(a.sha256, { thumb });
    return thumb;
  } catch (err) {
    console.warn('thumbnail failed', err);
    return null;
  }
}

/** Offer a copy of a file (a download in the browser, a save dialog in the desktop app). */
export async function saveCopy(a: Attachment): Promise<boolean> {
  const blob = await evidenceBlob(a);
  return getHost().saveFile(a.name, new Uint8Array(await blob.arrayBuffer()));
}

/** The desktop app: open a copy with the system's viewer. */
export async function openWithSystem(a: Attachment): Promise<void> {
  const open = getHost().openCopy;
  if (!open) throw new Error('only the desktop app opens files with the system viewer');
  const blob = await evidenceBlob(a);
  await open(a.name, new Uint8Array(await blob.arrayBuffer()));
}
