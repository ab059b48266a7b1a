// SHA-256 for the synchronous paths of the domain core (the manifest checksum, the identity of a
// returned file for "the same file twice"): @noble/hashes, an audited, dependency-free
// implementation, in place of a hand-written one. Paths that can be asynchronous and may see many
// megabytes hash natively instead — Web Crypto in the app's evidence worker, node:crypto in the CLI
// (its bundle swaps this module for cli/sha256-node.ts). Pure; runs in Node and the browser.

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

const utf8 = new TextEncoder();

function bytesOf(input: Uint8Array | ArrayBuffer | string): Uint8Array {
  return typeof input === 'string'
    ? utf8.encode(input)
    : input instanceof Uint8Array
      ? input
      : new Uint8Array(input);
}

/** SHA-256 of bytes (or of a string, UTF-8 encoded) as 64 lowercase hex digits. */
export function sha256Hex(input: Uint8Array | ArrayBuffer | string): string {
  return bytesToHex(sha256(bytesOf(input)));
}

/** An incremental SHA-256: feed chunks as they arrive, then `hex()` once. */
export interface Sha256Stream {
  update(chunk: Uint8Array): void;
  hex(): string;
}

export function sha256Stream(): Sha256Stream {
  const h = sha256.create();
  return {
    update: (chunk) => void h.update(chunk),
    hex: () => bytesToHex(h.digest()),
  };
}

/** 64 lowercase hex digits: what a SHA-256 is written as everywhere in the ledger. */
export function isSha256Hex(text: unknown): text is string {
  return typeof text === 'string' && /^[0-9a-f]{64}$/.test(text);
}
