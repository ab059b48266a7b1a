// SHA-256 for the bundled CLI: the same functions as shared/sha256.ts (bytes or UTF-8 text → 64
// lowercase hex digits), computed by Node's native crypto. scripts/build-cli.mjs puts this module in
// place of shared/sha256.ts in dist-cli/, where a cold plain-TypeScript hash of every imported file
// is a visible part of a short-lived process; the sources and the app keep the portable one.
import { createHash } from 'node:crypto';

export function sha256Hex(input: Uint8Array | ArrayBuffer | string): string {
  const data = typeof input === 'string' || input instanceof Uint8Array ? input : new Uint8Array(input);
  return createHash('sha256').update(data).digest('hex');
}

export function sha256Stream(): { update(chunk: Uint8Array): void; hex(): string } {
  const h = createHash('sha256');
  return {
    update: (chunk) => void h.update(chunk),
    hex: () => h.digest('hex'),
  };
}

export function isSha256Hex(text: unknown): text is string {
  return typeof text === 'string' && /^[0-9a-f]{64}$/.test(text);
}
