// Tests for the Electron-side scripts: the security-scan triage (scripts/electronegativity.mjs) and the
// Electron binary lookup of `npm start` (scripts/start.mjs), which must never trigger a download.
import { chmodSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Finding {
  check: string;
  file: string;
  description: string;
}
const scan = (await import('../scripts/electronegativity.mjs' as string)) as {
  parseSarif: (text: string) => (Finding & { location: string })[];
  triage: (
    findings: Finding[],
    dismissed: { check: string; file?: string; description?: string }[],
  ) => { allowed: Finding[]; open: Finding[] };
};
const start = (await import('../scripts/start.mjs' as string)) as {
  findElectronBinary: (env: Record<string, string | undefined>) => string | null;
  isStale: (output: string, sources: string[]) => boolean;
};

describe('electronegativity triage', () => {
  const allowList = JSON.parse(
    readFileSync(join(import.meta.dirname, 'electronegativity-justified.json'), 'utf8'),
  );

  it('has a justification sentence for every dismissed check', () => {
    for (const entry of allowList.dismissed)
      expect(entry.justification.length, entry.check).toBeGreaterThan(40);
  });

  it('fails findings that are not on the allow-list, and pins entries to their file/description', () => {
    const findings: Finding[] = [
      {
        check: 'PRELOAD_JS_CHECK',
        file: 'electron/main.ts',
        description: 'Review the use of preload scripts',
      },
      {
        check: 'PRELOAD_JS_CHECK',
        file: 'electron/other.ts',
        description: 'Review the use of preload scripts',
      },
      {
        check: 'CSP_GLOBAL_CHECK',
        file: 'N/A',
        description: 'No CSP has been detected in the target application',
      },
      {
        check: 'NODE_INTEGRATION_JS_CHECK',
        file: 'electron/main.ts',
        description: 'Disable nodeIntegration',
      },
    ];
    const { allowed, open } = scan.triage(findings, allowList.dismissed);
    expect(allowed.map((f) => f.file)).toEqual(['electron/main.ts']);
    expect(open.map((f) => f.check)).toEqual([
      'PRELOAD_JS_CHECK',
      'CSP_GLOBAL_CHECK',
      'NODE_INTEGRATION_JS_CHECK',
    ]);
  });

  it('reads findings from SARIF', () => {
    const sarif = {
      runs: [
        {
          results: [
            {
              ruleId: 'PRELOAD_JS_CHECK',
              level: 'note',
              message: { text: 'Review the use of preload scripts' },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: '/x/electron/main.ts' },
                    region: { startLine: 85, startColumn: 7 },
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    expect(scan.parseSarif(JSON.stringify(sarif))).toEqual([
      {
        check: 'PRELOAD_JS_CHECK',
        level: 'note',
        file: '/x/electron/main.ts',
        location: '85:7',
        description: 'Review the use of preload scripts',
      },
    ]);
  });
});

describe('npm start helpers', () => {
  it('finds no Electron binary here without trying to download one', () => {
    expect(start.findElectronBinary({})).toBeNull();
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH when the executable exists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-edist-'));
    try {
      expect(start.findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dir })).toBeNull();
      writeFileSync(join(dir, 'electron'), '#!/bin/sh\n');
      chmodSync(join(dir, 'electron'), 0o755);
      expect(start.findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dir })).toBe(join(dir, 'electron'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rebuilds when the output is missing or older than a source', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-stale-'));
    try {
      const src = join(dir, 'src.ts');
      const out = join(dir, 'out.js');
      writeFileSync(src, 'x');
      expect(start.isStale(out, [src])).toBe(true);
      writeFileSync(out, 'y');
      expect(start.isStale(out, [src])).toBe(false);
      const later = new Date(Date.now() + 60_000);
      utimesSync(src, later, later);
      expect(start.isStale(out, [src])).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
