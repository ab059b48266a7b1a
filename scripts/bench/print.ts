// Prints bench results as an aligned table.
import type { BenchResult } from './result.ts';

export function printResults(results: readonly BenchResult[]): void {
  for (const r of results) {
    const value = `${r.value.toFixed(r.unit === 'MB' ? 1 : 0)} ${r.unit}`;
    const base = r.baseline
      ? `  baseline ${r.baseline.value.toFixed(0)} ${r.unit} (${r.baseline.name}), ratio ${r.ratio?.toFixed(2)}`
      : '';
    const target = r.target ? `  [target ${r.target}]` : '';
    console.log(`${r.name}: ${value}${base}${target}`);
  }
}
