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

/** Bidi controls: they reorder what follows on the line (a name could show as another name). */
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/**
 * Text from a file, made safe to print on one line: control characters (an escape sequence could
 * rewrite the terminal; a line break could forge a line of its own) shown as U+FFFD — a tab as a
 * space, a line break as ↵ — bidi controls removed, and at most `max` characters long.
 */
export function termSafe(text: string, max = 2000): string {
  const clean = text
    .replace(/\r\n|[\n\u2028\u2029]/g, '↵')
    .replace(/\t/g, ' ')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '\ufffd')
    .replace(BIDI, '');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/**
 * A value as JSON that is safe to print: JSON.stringify escapes C0 controls but leaves C1 controls
 * (U+009B is a one-byte CSI to some terminals), bidi controls and line separators raw. Those can
 * only occur inside strings, so they are written as \uXXXX escapes: the same JSON value, printable.
 */
export function jsonTermSafe(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(
    /[\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
