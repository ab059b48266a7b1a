// The official documents of a month — 通报, 催报通知, 进展情况 annex — from the month's figures to
// .docx bytes: the one entry point the dashboard's buttons and `taizhang doc` call. Loading this
// module loads the `docx` library: the app imports it only when a button is clicked.

import type { DocumentInput } from './model.ts';
import { buildDocumentModel, documentFileName, type OfficialDocument } from './model.ts';
import { writeDocx } from './docx-writer.ts';

export { DOCUMENT_LABELS, documentFileName, type DocumentInput, type OfficialDocument } from './model.ts';

export interface MadeDocument {
  fileName: string;
  bytes: Uint8Array;
  model: OfficialDocument;
}

export async function buildOfficialDocument(input: DocumentInput): Promise<MadeDocument> {
  const model = buildDocumentModel(input);
  const bytes = await writeDocx(model);
  return { fileName: documentFileName(input.kind, input.dashboard.period), bytes, model };
}
