// The one way a CLI command fails, and what every command prints through: exit codes, CliError (exit
// code plus a one-line Chinese + English message, never a stack trace), the output port and termSafe.
// Kept free of imports so that main.ts and the light commands (units, tasks) load nothing else.

export const EXIT = { ok: 0, rejected: 1, usage: 2 } as const;

export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    /** One line: Chinese for people, then English. */
    message: string,
  ) {
    super(message);
  }
}

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

/**
 * Text from a file, made safe to print: control characters (an escape sequence could rewrite the
 * terminal) shown as U+FFFD, bidi overrides removed, and one line at most `max` characters long.
 */
export function termSafe(text: string, max = 2000): string {
  const clean = text
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\ufffd')
    .replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g, '');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
