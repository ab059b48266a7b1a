import { describe, expect, it } from 'vitest';
import { readReturnWorkbook } from '../../../shared/workbook/read-workbook.ts';
import type { WizardFile } from './FileCard.tsx';
import { needsPassword } from './FileCard.tsx';
import { afterWrongPassword } from './password.ts';

describe('wrong passwords in the import wizard', () => {
  it('asks again twice, then stops asking with one clear message and drops the bytes', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const read = {
      ...(await readReturnWorkbook(new Uint8Array(0))),
      errors: [
        { code: 'wrong-password' as const, message: '密码不正确，无法打开文件。', log: 'wrong password' },
      ],
    };
    let file: WizardFile = {
      id: 'f',
      read,
      identity: { unit: null, period: null, by: null, unknownUnit: null, disagreements: [] },
      unit: '',
      period: '',
      confirmed: false,
      selected: true,
      bytes,
      passwordTries: 0,
    };
    file = afterWrongPassword(file, read);
    expect([file.passwordTries, needsPassword(file)]).toEqual([1, true]);
    file = afterWrongPassword(file, read);
    expect([file.passwordTries, needsPassword(file)]).toEqual([2, true]);
    file = afterWrongPassword(file, read);
    expect([file.passwordTries, needsPassword(file), file.bytes]).toEqual([3, false, undefined]);
    expect(file.read.errors.map((e) => [e.code, e.message])).toEqual([
      ['password-tries', '密码已连续输错 3 次，不再尝试。请向报送单位核实密码，或请其取消密码后重新发送。'],
    ]);
  });
});
