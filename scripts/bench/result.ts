// One measured figure of `npm run bench`: an absolute value, and where there is one, the baseline
// measured in the same run and the ratio to it.
export interface BenchResult {
  name: string;
  value: number;
  unit: 'ms' | 'MB';
  baseline?: { name: string; value: number };
  ratio?: number;
  target?: string;
}

export function withBaseline(result: Omit<BenchResult, 'ratio'>): BenchResult {
  const ratio =
    result.baseline && result.baseline.value > 0 ? result.value / result.baseline.value : undefined;
  return { ...result, ratio: ratio === undefined ? undefined : Math.round(ratio * 100) / 100 };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}
