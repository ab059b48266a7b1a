// What a wrong password does to a file waiting in the import wizard: counted, and after the third the
// wizard stops asking — the bytes are dropped and the card says to check the password with the unit.
// The password itself never reaches this module.
import { PASSWORD_TRIES } from '../../../shared/workbook/decrypt.ts';
import { issue } from '../../../shared/workbook/issues.ts';
import type { ReadResult } from '../../../shared/workbook/read-workbook.ts';
import type { WizardFile } from './FileCard.tsx';

export function afterWrongPassword(file: WizardFile, read: ReadResult): WizardFile {
  const tries = (file.passwordTries ?? 0) + 1;
  if (tries < PASSWORD_TRIES) return { ...file, passwordTries: tries, read };
  return {
    ...file,
    bytes: undefined,
    passwordTries: tries,
    read: {
      ...read,
      errors: [
        issue(
          'password-tries',
          `密码已连续输错 ${PASSWORD_TRIES} 次，不再尝试。请向报送单位核实密码，或请其取消密码后重新发送。`,
          `${PASSWORD_TRIES} wrong passwords`,
        ),
      ],
    },
  };
}
