// The app's door for evidence bytes: hands files and return packages to the evidence worker
// (evidence.worker.ts) and reports its progress; where no worker can run (unit tests in Node) the
// same code runs in place. Nothing here writes the ledger: the results go to the use cases.
import type { EvidenceFile } from '../../shared/engine/evidence-cases.ts';
import type { PackageRead } from '../../shared/evidence/package.ts';
import { blobSource } from '../../shared/zip/zip-reader.ts';

/** Without a worker (unit tests in Node), the same reader in place — loaded only then. */
async function inPlace() {
  const [{ readLooseFiles, readReturnPackage }, { fflateCodec, streamCodec }] = await Promise.all([
    import('../../shared/evidence/package.ts'),
    import('../../shared/zip/deflate.ts'),
  ]);
  return { readLooseFiles, readReturnPackage, codec: streamCodec() ?? fflateCodec };
}

export interface PreparedFiles {
  files: EvidenceFile[];
  /** Files not taken, with the reason (Chinese). */
  refused: { name: string; reason: string }[];
}

type Request =
  | { kind: 'files'; files: File[] }
  | { kind: 'package'; file: File }
  | { kind: 'loose'; files: { path: string; file: File }[] };

export type WorkerRequest = Request & { id: number };

export type WorkerReply =
  | { id: number; kind: 'progress'; done: number; total: number }
  | { id: number; kind: 'files'; result: PreparedFiles }
  | { id: number; kind: 'package'; result: PackageRead }
  | { id: number; kind: 'error'; message: string };

export type Progress = (done: number, total: number) => void;

let worker: Worker | null = null;
let seq = 0;
const pending = new Map<
  number,
  { resolve: (r: WorkerReply) => void; reject: (e: Error) => void; progress?: Progress }
>();

function getWorker(): Worker | null {
  if (worker) return worker;
  if (typeof Worker !== 'function') return null;
  worker = new Worker(new URL('./evidence.worker.ts', import.meta.url), { type: 'module', name: 'evidence' });
  worker.onmessage = (e: MessageEvent<WorkerReply>) => {
    const reply = e.data;
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    if (reply.kind === 'progress') {
      waiting.progress?.(reply.done, reply.total);
      return;
    }
    pending.delete(reply.id);
    if (reply.kind === 'error') waiting.reject(new Error(reply.message));
    else waiting.resolve(reply);
  };
  worker.onerror = (e) => {
    console.error('evidence worker failed', e.message);
    for (const [id, w] of pending) {
      w.reject(new Error(e.message || 'evidence worker failed'));
      pending.delete(id);
    }
    worker = null;
  };
  return worker;
}

function ask(req: Request, progress?: Progress): Promise<WorkerReply> | null {
  const w = getWorker();
  if (!w) return null;
  const id = ++seq;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, progress });
    w.postMessage({ ...req, id });
  });
}

/** Read a return package (.zip) off the UI thread. */
export async function readPackage(file: File, progress?: Progress): Promise<PackageRead> {
  const reply = ask({ kind: 'package', file }, progress);
  if (!reply) {
    const { readReturnPackage, codec } = await inPlace();
    return readReturnPackage(blobSource(file), { inflate: codec.inflate, progress });
  }
  const r = await reply;
  if (r.kind !== 'package') throw new Error('unexpected reply from the evidence worker');
  return r.result;
}

/** Read a workbook dropped together with its folder (paths relative to the drop). */
export async function readDroppedFolder(
  files: { path: string; file: File }[],
  progress?: Progress,
): Promise<PackageRead> {
  const reply = ask({ kind: 'loose', files }, progress);
  if (!reply) {
    const { readLooseFiles, codec } = await inPlace();
    return readLooseFiles(
      files.map((f) => ({ path: f.path, source: blobSource(f.file) })),
      { inflate: codec.inflate, progress },
    );
  }
  const r = await reply;
  if (r.kind !== 'package') throw new Error('unexpected reply from the evidence worker');
  return r.result;
}

/** Identify and hash files attached by hand (dropped, picked or pasted). */
export async function prepareFiles(files: File[], progress?: Progress): Promise<PreparedFiles> {
  const reply = ask({ kind: 'files', files }, progress);
  if (!reply) throw new Error('no evidence worker in this environment');
  const r = await reply;
  if (r.kind !== 'files') throw new Error('unexpected reply from the evidence worker');
  return r.result;
}
