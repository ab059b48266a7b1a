import { describe, expect, it } from 'vitest';
import { safeFileNameSchema } from './ipc-contract.ts';
import { safeFileName, unitMonthFileName } from './safe-file-name.ts';

describe('safeFileName', () => {
  const cases: [input: string, expected: string][] = [
    ['台账备份_20211201_0930.json', '台账备份_20211201_0930.json'],
    ['区生态环境局/永乐店镇.xlsx', '区生态环境局_永乐店镇.xlsx'],
    ['a\\b.xlsx', 'a_b.xlsx'],
    ['报表:2021*?.xlsx', '报表_2021__.xlsx'],
    ['"引号"<尖括号>|竖线.pdf', '_引号__尖括号__竖线.pdf'],
    ['../../etc/passwd', '._._etc_passwd'],
    ['a..b.json', 'a.b.json'],
    ['  前后空格.json  ', '前后空格.json'],
    ['结尾有点...', '结尾有点'],
    ['结尾 . . ', '结尾'],
    ['CON', '_CON'],
    ['con.txt', '_con.txt'],
    ['LPT1.xlsx', '_LPT1.xlsx'],
    ['com9', '_com9'],
    ['console.json', 'console.json'],
    ['tab\there\n.json', 'tab_here_.json'],
    ['', '未命名'],
    ['...', '未命名'],
    ['/', '未命名'],
  ];
  it.each(cases)('%j → %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it('uses the fallback when nothing is left, cleaning the fallback too', () => {
    expect(safeFileName('???', '台账.json')).toBe('台账.json');
    expect(safeFileName('', 'a/b.json')).toBe('a_b.json');
  });

  it('shortens long names to 200 characters and keeps the extension', () => {
    const out = safeFileName(`${'长'.repeat(300)}.json`);
    expect(out).toHaveLength(200);
    expect(out.endsWith('.json')).toBe(true);
  });

  it('always produces a name the main process accepts', () => {
    const nasty = [
      ...cases.map(([input]) => input),
      'nul.tar.gz',
      ' .. ',
      'a'.repeat(250),
      `${'x'.repeat(195)} ....json`,
      '\u0000\u001f',
      'AUX.',
      'prn ',
    ];
    for (const input of nasty)
      expect(safeFileNameSchema.safeParse(safeFileName(input)).success, input).toBe(true);
  });
});

describe('unitMonthFileName', () => {
  it.each([
    ['a unit and a month', ['永乐店镇', 2021, 3, '进展填报', 'xlsx'], '永乐店镇_2021年03月_进展填报.xlsx'],
    [
      'with a plan tag',
      ['永乐店镇', 2021, 12, '回报', 'zip', 'tongzhou-2021-water'],
      '永乐店镇_2021年12月_回报_tongzhou-2021-water.zip',
    ],
    [
      'a tag with other characters',
      ['永乐店镇', 2021, 3, '回报', 'zip', 'a.b/C'],
      '永乐店镇_2021年03月_回报_a_b__.zip',
    ],
    [
      'characters Windows forbids, control characters and DEL',
      ['a/b:c*\u0001\u007f', 2021, 3, '回报', 'zip'],
      'a_b_c____2021年03月_回报.zip',
    ],
    ['nothing left of the unit', ['  ', 2021, 3, '回报', 'zip'], '单位_2021年03月_回报.zip'],
  ] as const)('%s', (_what, args, name) => {
    const [unit, year, month, what, ext, tag] = args as unknown as [
      string,
      number,
      number,
      string,
      string,
      string?,
    ];
    const got = unitMonthFileName(unit, year, month, what, ext, tag);
    expect(got).toBe(name);
    expect(safeFileNameSchema.safeParse(got).success).toBe(true);
  });
});
