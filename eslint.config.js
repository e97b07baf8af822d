// @ts-check
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'coverage/**', 'renderer/**/*.vue', 'test-artifacts/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // core/ is pure Node: the protocol core must never depend on a front end (ARCHITECTURE.md).
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: 'core/ must not import electron' },
          { group: ['vue', 'vue/*', 'pinia', '@vue/*'], message: 'core/ must not import vue or pinia' },
          { group: ['**/electron/**', '**/renderer/**'], message: 'core/ must not import front-end code' },
        ],
      }],
    },
  },
  {
    // The renderer is a browser bundle: no Node built-ins, no core/ (it uses the API client).
    files: ['renderer/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'net', 'path', 'child_process', 'electron'], message: 'the renderer cannot use Node or electron' },
          { group: ['**/core/**'], message: 'the renderer talks to the Workstation facade through renderer/src/api only' },
        ],
      }],
    },
  },
  {
    // The one exception: the API client re-exports the contract's TYPES (erased at build time).
    files: ['renderer/src/api/types.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { regex: '/core/(?!app/contract-types\\.js$)', message: 'only the contract types may be imported' },
          { group: ['**/core/app/contract-types.js'], allowTypeImports: true, message: 'import the contract as types only' },
        ],
      }],
    },
  },
);
