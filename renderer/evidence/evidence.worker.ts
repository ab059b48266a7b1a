// The evidence worker: everything that reads evidence bytes runs here, off the UI thread — a return
// package (its directory, then each file inflated, CRC-checked, hashed and identified by content,
// shared/evidence/package.ts), a dropped folder, or files attached by hand — and reports progress
// in bytes as it goes, so the window stays responsive and shows a bar while hundreds of megabytes
// are hashed. SHA-256 through Web Crypto (native) where the page is a secure context, else
// @noble/hashes. Files come back as Blobs: slices of what was dropped or picked, never copies.
/// <reference lib="webworker" />
import { readLooseFiles, readReturnPackage, type PackageRead } from '../../shared/evidence/package.ts';
import { MAX_EVIDENCE_FILE_BYTES, MAX_EVIDENCE_NAME, sizeText } from '../../shared/evidence/model.ts';
import { sniffEvidence } from '../../shared/evidence/sniff.ts';
import { safeFileName } from '../../shared/safe-file-name.ts';
import { sha256Hex } from '../../shared/sha256.ts';
import { crc32 } from '../../shared/zip/crc32.ts';
import { fflateCodec, streamCodec } from '../../shared/zip/deflate.ts';
import { blobSource } from '../../shared/zip/zip-reader.ts';
import type { EvidenceFile } from '../../shared/engine/evidence-cases.ts';
import type { WorkerRequest, WorkerReply, PreparedFiles } from './intake.ts';

const codec = streamCodec() ?? fflateCodec;

async function hash(bytes: Uint8Array): Promise<string> {
  if (globalThis.crypto?.subtle) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
    let hex = '';
    for (const b of digest) hex += b.toString(16).padStart(2, '0');
    return hex;
  }
  return sha256Hex(bytes);
}

const post = (reply: WorkerReply, transfer: Transferable[] = []) =>
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(reply, transfer);

async function prepareFiles(id: number, files: readonly File[]): Promise<PreparedFiles> {
  const out: PreparedFiles = { files: [], refused: [] };
  const total = files.reduce((n, f) => n + f.size, 0);
  let done = 0;
  for (const f of files) {
    const name = safeFileName(f.name, '佐证材料').slice(-MAX_EVIDENCE_NAME);
    try {
      if (f.size > MAX_EVIDENCE_FILE_BYTES) {
        out.refused.push({
          name: f.name,
          reason: `文件过大（${sizeText(f.size)}），单个佐证材料不能超过 ${sizeText(MAX_EVIDENCE_FILE_BYTES)}`,
        });
        continue;
      }
      const sniffed = await sniffEvidence(blobSource(f), f.name);
      if (!sniffed.ok) {
        out.refused.push({ name: f.name, reason: sniffed.message });
        continue;
      }
      const bytes = new Uint8Array(await f.arrayBuffer());
      const file: EvidenceFile = {
        name,
        sha256: await hash(bytes),
        size: bytes.length,
        kind: sniffed.kind,
        crc32: crc32(bytes),
        method: 0,
        data: f,
      };
      out.files.push(file);
    } catch (err) {
      out.refused.push({ name: f.name, reason: `无法读取该文件（${(err as Error).message}）` });
    } finally {
      done += f.size;
      post({ id, kind: 'progress', done, total });
    }
  }
  return out;
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const req = event.data;
  const progress = (done: number, total: number) => post({ id: req.id, kind: 'progress', done, total });
  const io = { inflate: codec.inflate, hash, progress };
  const run = async (): Promise<void> => {
    if (req.kind === 'files') {
      post({ id: req.id, kind: 'files', result: await prepareFiles(req.id, req.files) });
      return;
    }
    const read: PackageRead =
      req.kind === 'package'
        ? await readReturnPackage(blobSource(req.file), io)
        : await readLooseFiles(
            req.files.map((f) => ({ path: f.path, source: blobSource(f.file) })),
            io,
          );
    post({ id: req.id, kind: 'package', result: read });
  };
  run().catch((err: unknown) =>
    post({ id: req.id, kind: 'error', message: err instanceof Error ? err.message : String(err) }),
  );
};
