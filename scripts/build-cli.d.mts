// Types for scripts/build-cli.mjs (plain JS: bin/taizhang.mjs imports it without a build step).
export const OUT_DIR: string;
export const ENTRY: string;
export const STAMP: string;
export const METAFILE: string;
export function sourceStamp(): { newest: number; files: number };
export function readStamp(): { sources?: { newest: number; files: number } } | null;
export function isCliStale(): boolean;
export class EsbuildMissing extends Error {}
/** Builds dist-cli/ and resolves to esbuild's metafile. */
export function buildCli(options?: { quiet?: boolean }): Promise<unknown>;
/** The esbuild plugin that swaps unused exceljs parts and the sha256 implementation. */
export const bundleSwaps: { name: string; setup(build: unknown): void };
