// Lint rules for every TypeScript folder; part of `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const ZOD_DOOR = 'import * as z from shared/zod.ts';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'dist-bench',
      'dist-electron',
      'dist-cli',
      'release',
      'test-output',
      'seeds',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // zod is configured once (jitless, for the CSP) in shared/zod.ts: import it from there, as a
    // namespace — its `z` object would keep all of zod in a bundle (locales and all, ~460 KB).
    files: ['**/*.{ts,tsx}'],
    ignores: ['shared/zod.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'zod', message: ZOD_DOOR }] }],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'ImportDeclaration[source.value=/zod\\.ts$/] > :matches(ImportSpecifier, ImportDefaultSpecifier)',
          message: `${ZOD_DOOR} (a namespace keeps zod tree-shakable)`,
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // shared/ is the pure domain core: it must run in Node and the browser alike.
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts', 'shared/zod.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-*', 'electron', 'dexie', 'dexie-*'],
              message: 'shared/ is pure TypeScript',
            },
            { group: ['node:*', 'fs', 'path', 'os'], message: 'shared/ must run in the browser too' },
          ],
          paths: [{ name: 'zod', message: ZOD_DOOR }],
        },
      ],
    },
  },
);
