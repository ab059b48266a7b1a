// The one table of status words: how the words units write in their own ledgers map onto the
// ledger's four statuses (未启动 / 推进中 / 已完成 / 不涉及), and how a percentage written in text
// is read. Used wherever a status or percentage comes from a file we did not write (shared/mapping/);
// our own workbook's dropdown only offers the four statuses and keeps its strict parser.
//
// Decisions, each with its reason:
//  - Words that plainly mean one status map to it: 已办结 / 完成 / 已落实 → 已完成; 正在推进 /
//    持续推进 / 进行中 → 推进中; 未开始 / 尚未启动 → 未启动; 无此项 / 不适用 → 不涉及.
//  - Words that do not mean done are never 已完成: 基本完成 and 部分完成 are 推进中 (the 序时 judgement
//    and the dashboard count 已完成 as done, so "almost" must not count), 未完成 is 推进中 (it says
//    work is not finished, not that it never started). These carry a note the person sees.
//  - Ongoing-task words (长期坚持 / 常态化推进 / 持续开展) are 推进中: an ongoing task is judged by
//    whether a report came in, and 推进中 is what the app's own dropdown offers for it. With a note.
//  - A percentage in the text (`完成80%`, `已完成 60 ％`, `约80%`) is that number; without a status
//    word of its own it gives the status too: 100 → 已完成, 0 → 未启动, anything between → 推进中.
//  - Words for a fraction (`八成`, `过半`, `大部分`, `三分之二`) are not numbers: they are kept as text
//    and said so; the percentage stays empty rather than being made up.
//  - Anything else is not a status: the row is rejected with the word and the accepted words.

import { STATUSES, type Status } from './model.ts';
import { normaliseCode } from './workbook/normalise-cell.ts';

export interface StatusWord {
  word: string;
  status: Status;
  /** Said to the person when the word is read this way (words that are a judgement call). */
  note?: string;
}

const ONGOING_NOTE = '长期任务按“推进中”导入';

/** Every status word we read, and the status it means. The canonical four map to themselves. */
export const STATUS_WORDS: readonly StatusWord[] = [
  ...STATUSES.map((s) => ({ word: s, status: s })),
  // 已完成
  ...[
    '完成',
    '已办结',
    '办结',
    '已落实',
    '落实完毕',
    '全部完成',
    '已全部完成',
    '按期完成',
    '提前完成',
    '已按期完成',
    '已完工',
    '完工',
    '已验收',
    '已结项',
    '已完成任务',
    '完成任务',
    '已达标',
  ].map((word) => ({ word, status: '已完成' as const })),
  // 推进中
  ...[
    '推进',
    '正在推进',
    '持续推进',
    '稳步推进',
    '有序推进',
    '序时推进',
    '按序时推进',
    '正常推进',
    '积极推进',
    '进行中',
    '正在进行',
    '正在实施',
    '实施中',
    '正在办理',
    '办理中',
    '已启动',
    '已开展',
    '开展中',
    '建设中',
    '在建',
    '正在开展',
  ].map((word) => ({ word, status: '推进中' as const })),
  { word: '基本完成', status: '推进中', note: '“基本完成”不等于已完成，按“推进中”导入' },
  { word: '部分完成', status: '推进中', note: '“部分完成”按“推进中”导入' },
  { word: '未完成', status: '推进中', note: '“未完成”按“推进中”导入（已开展但未完成）' },
  ...['长期坚持', '长期推进', '长期实施', '常态化推进', '常态化开展', '持续开展', '长期'].map((word) => ({
    word,
    status: '推进中' as const,
    note: ONGOING_NOTE,
  })),
  // 未启动
  ...['未开始', '尚未启动', '尚未开始', '未开展', '尚未开展', '暂未启动', '暂未开展', '待启动', '未实施'].map(
    (word) => ({ word, status: '未启动' as const }),
  ),
  // 不涉及
  ...['无此项', '不适用', '无相关任务', '本单位不涉及', '辖区不涉及', '无此任务', '无'].map((word) => ({
    word,
    status: '不涉及' as const,
  })),
];

/** Spaces and punctuation removed, width folded: `已 完成。` → `已完成`. */
export function statusKey(text: string): string {
  return normaliseCode(text).replace(/[\s\p{P}\p{S}]+/gu, '');
}

const BY_KEY: ReadonlyMap<string, StatusWord> = new Map(STATUS_WORDS.map((w) => [statusKey(w.word), w]));

/** A fraction written in words, not digits: 八成, 过半, 一半, 大部分, 三分之二, 九成以上. */
const FRACTION_WORDS =
  /[一二两三四五六七八九十]成|过半|一半|大半|大部分|大部|少部分|小部分|[二三四五六七八九十]分之[一二三四五六七八九]/;

/** A number followed by a percent sign: `80%`, `80 ％`, `62.5%`. */
const PERCENT_IN_TEXT = /(\d+(?:\.\d+)?)\s*[%％]/;

export type PercentText =
  | { kind: 'number'; value: number }
  /** A fraction in words: not a number, kept as text. */
  | { kind: 'words'; text: string }
  | { kind: 'none' };

/** Read a percentage written in text. `完成80%` → 80; `八成` → words; `已完成` → none. */
export function percentInText(text: string): PercentText {
  const t = normaliseCode(text);
  const m = PERCENT_IN_TEXT.exec(t);
  if (m) return { kind: 'number', value: Number(m[1]) };
  const w = FRACTION_WORDS.exec(t);
  if (w) return { kind: 'words', text: text.trim() };
  return { kind: 'none' };
}

export interface StatusReading {
  status: Status | null;
  /** A percentage the text carried (`完成80%`). */
  percent: number | null;
  /** A fraction in words the text carried (`八成`): kept as text. */
  percentWords: string | null;
  /** Said to the person about how the text was read. */
  note: string | null;
}

function fromPercent(value: number): Status {
  return value >= 100 ? '已完成' : value <= 0 ? '未启动' : '推进中';
}

/**
 * Read a status cell written in a unit's own words. null: not a status at all (the caller rejects
 * the row naming the word). A status word may come with a percentage (`推进中，完成60%`).
 */
export function readStatusWord(text: string): StatusReading | null {
  const key = statusKey(text);
  if (key === '') return { status: null, percent: null, percentWords: null, note: null };
  const exact = BY_KEY.get(key);
  if (exact) return { status: exact.status, percent: null, percentWords: null, note: exact.note ?? null };
  const pct = percentInText(text);
  // The status word with the percentage (and words around it such as 完成/约/已) taken out.
  const rest = statusKey(normaliseCode(text).replace(PERCENT_IN_TEXT, '').replace(FRACTION_WORDS, ''))
    .replace(/^(已|约|完成约?|进度|累计)+/, '')
    .replace(/(左右|以上|约)+$/, '');
  const word = rest === '' ? undefined : BY_KEY.get(rest);
  if (pct.kind === 'number') {
    if (pct.value > 100) return null;
    const status = word?.status ?? fromPercent(pct.value);
    return {
      status,
      percent: pct.value,
      percentWords: null,
      note: word ? (word.note ?? null) : `“${text.trim()}”按完成比例 ${pct.value}% 读作“${status}”`,
    };
  }
  if (pct.kind === 'words') {
    return {
      status: word?.status ?? '推进中',
      percent: null,
      percentWords: pct.text,
      note: `“${pct.text}”不是数字，完成比例不填，原文保留在工作进展中`,
    };
  }
  return null;
}

/** The accepted words, for messages. */
export function statusWordList(): string {
  return STATUS_WORDS.map((w) => w.word)
    .filter((w) => w !== '无')
    .slice(0, 24)
    .join('、');
}
