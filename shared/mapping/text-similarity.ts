// How alike two Chinese texts are, for matching a unit's row (its 重点任务 and 工作措施 as it copied or
// retyped them) to the plan's task. Character bigrams: Chinese has no spaces to split words on, and
// a bigram is roughly a word; bigram overlap survives rewrapping, changed punctuation, a sentence
// dropped or added, and light rewording.
//
// score = ½ · Dice(a, b) + ½ · coverage(a in b), over bigram multisets of the texts with spaces and
// punctuation removed. Dice rewards two texts being the same; coverage rewards the unit's text being
// found in the plan's (towns often copy only the first sentence of a long measure). A verbatim copy
// scores 1; the first half of a measure ≈ 0.83; another task of the same section ≈ 0.1–0.35.

/** Text as compared: width folded, lower case, no whitespace, punctuation or symbols. */
export function similarityKey(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/**
 * A text's bigram multiset (the single character for a one-character text), kept as a sorted array of
 * numbers (two UTF-16 units packed into one) so two multisets intersect in one linear walk.
 */
export class Bigrams {
  readonly codes: Uint32Array;
  readonly size: number;

  constructor(text: string) {
    const key = similarityKey(text);
    if (key.length === 1) this.codes = Uint32Array.of(key.charCodeAt(0));
    else {
      const codes = new Uint32Array(Math.max(0, key.length - 1));
      for (let i = 0; i + 1 < key.length; i++) codes[i] = key.charCodeAt(i) * 65536 + key.charCodeAt(i + 1);
      this.codes = codes.sort();
    }
    this.size = this.codes.length;
  }

  /** Bigrams both hold (multiset intersection). */
  overlap(other: Bigrams): number {
    const a = this.codes;
    const b = other.codes;
    let i = 0;
    let j = 0;
    let n = 0;
    while (i < a.length && j < b.length) {
      const x = a[i]!;
      const y = b[j]!;
      if (x === y) {
        n++;
        i++;
        j++;
      } else if (x < y) i++;
      else j++;
    }
    return n;
  }
}

/** How alike `found` (a unit's text) is to `plan` (the plan's text), 0–1. */
export function textScore(found: Bigrams, plan: Bigrams): number {
  if (found.size === 0 || plan.size === 0) return 0;
  const common = found.overlap(plan);
  const dice = (2 * common) / (found.size + plan.size);
  const coverage = common / found.size;
  return 0.25 * dice + 0.75 * coverage;
}
