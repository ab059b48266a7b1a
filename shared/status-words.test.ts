import { describe, expect, it } from 'vitest';
import { percentInText, readStatusWord, STATUS_WORDS, statusKey } from './status-words.ts';
import { STATUSES } from './model.ts';

describe('the status-word table', () => {
  it.each([
    // word, status, has a note
    ['已完成', '已完成', false],
    ['完成', '已完成', false],
    ['已办结', '已完成', false],
    ['已落实', '已完成', false],
    ['已全部完成', '已完成', false],
    ['推进中', '推进中', false],
    ['正在推进', '推进中', false],
    ['持续推进', '推进中', false],
    ['进行中', '推进中', false],
    ['基本完成', '推进中', true],
    ['部分完成', '推进中', true],
    ['未完成', '推进中', true],
    ['长期坚持', '推进中', true],
    ['常态化推进', '推进中', true],
    ['未开始', '未启动', false],
    ['未启动', '未启动', false],
    ['尚未启动', '未启动', false],
    ['不涉及', '不涉及', false],
    ['无此项', '不涉及', false],
    ['不适用', '不涉及', false],
  ] as const)('%s → %s', (word, status, noted) => {
    const r = readStatusWord(word)!;
    expect(r.status).toBe(status);
    expect(r.note !== null).toBe(noted);
  });

  it('spaces, punctuation and full-width forms do not matter', () => {
    for (const w of ['已 完成', '已完成。', '［已完成］', ' 推进中 ', '正在推进！'])
      expect(readStatusWord(w)?.status).not.toBeNull();
  });

  it('every word appears once, and the four statuses map to themselves', () => {
    const keys = STATUS_WORDS.map((w) => statusKey(w.word));
    expect(new Set(keys).size).toBe(keys.length);
    for (const s of STATUSES) expect(readStatusWord(s)).toMatchObject({ status: s, note: null });
  });

  it.each(['按月报送', '见附件', '良好', '已完成部分工作但仍需推进协调'])('%s is not a status', (word) => {
    expect(readStatusWord(word)).toBeNull();
  });

  it('blank is no status (not an error)', () => {
    expect(readStatusWord('  ')).toEqual({ status: null, percent: null, percentWords: null, note: null });
  });
});

describe('percentages in text', () => {
  it.each([
    ['完成80%', { kind: 'number', value: 80 }],
    ['80％', { kind: 'number', value: 80 }],
    ['已完成 62.5 %', { kind: 'number', value: 62.5 }],
    ['约80%左右', { kind: 'number', value: 80 }],
    ['八成', { kind: 'words', text: '八成' }],
    ['完成九成以上', { kind: 'words', text: '完成九成以上' }],
    ['过半', { kind: 'words', text: '过半' }],
    ['三分之二', { kind: 'words', text: '三分之二' }],
    ['已完成', { kind: 'none' }],
    ['80', { kind: 'none' }],
  ] as const)('%s', (text, expected) => {
    expect(percentInText(text)).toEqual(expected);
  });

  it.each([
    // status cell, status, percent, words
    ['完成80%', '推进中', 80, null],
    ['完成100%', '已完成', 100, null],
    ['0%', '未启动', 0, null],
    ['推进中，完成60%', '推进中', 60, null],
    ['基本完成90%', '推进中', 90, null],
    ['完成八成', '推进中', null, '完成八成'],
  ] as const)('a status cell “%s” → %s, %s%%', (text, status, percent, words) => {
    expect(readStatusWord(text)).toMatchObject({ status, percent, percentWords: words });
  });

  it('a percentage over 100 in a status cell is not read', () => {
    expect(readStatusWord('完成120%')).toBeNull();
  });
});
