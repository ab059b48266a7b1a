// planFileTag: a file name names its plan only when another plan of the same year could give a
// return of the same unit and month the same name.
import { describe, expect, it } from 'vitest';
import { planFileTag } from './plan-ids.ts';

const p = (id: string, year: number) => ({ id, year });

describe('planFileTag', () => {
  it.each([
    ['one plan', [p('tongzhou-2021', 2021)], 'tongzhou-2021', undefined],
    [
      'plans of different years',
      [p('tongzhou-2021', 2021), p('tongzhou-2022', 2022)],
      'tongzhou-2022',
      undefined,
    ],
    [
      'two plans of one year: the asked one is named',
      [p('tongzhou-2022', 2022), p('tongzhou-2022-water', 2022), p('tongzhou-2021', 2021)],
      'tongzhou-2022-water',
      'tongzhou-2022-water',
    ],
    [
      'two plans of one year: the other is named too',
      [p('tongzhou-2022', 2022), p('tongzhou-2022-water', 2022)],
      'tongzhou-2022',
      'tongzhou-2022',
    ],
    ['a plan the ledger does not hold', [p('tongzhou-2021', 2021)], 'nope', undefined],
  ])('%s', (_what, plans, id, tag) => {
    expect(planFileTag(plans, id)).toBe(tag);
  });
});
