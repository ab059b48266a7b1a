// The parts of a ledger container that are cut by month (shared/ledger-container.ts), and the name of
// one month's segment — kept apart from the container code so the app's store can name segments
// without loading the container's reader and validators.

import type { Period } from './model.ts';

/** v1 containers hold the first three; v2 adds evidence links, reviews and extension requests. */
export const SEGMENT_PARTS = ['reports', 'audit', 'imports', 'attachments', 'reviews', 'extensions'] as const;
export type SegmentPart = (typeof SEGMENT_PARTS)[number];

/** `reports/2021-03.jsonl`: a month's segment, as named in the container (and keyed in caches). */
export const segmentName = (part: SegmentPart, period: Period): string => `${part}/${period}.jsonl`;
