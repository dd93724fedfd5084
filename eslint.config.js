import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Rooms of src/ and what each may import: only storage/ touches idb; only ml/ and worker/ touch tfjs.
const tfjsOnlyInMl = {
  group: ['@tensorflow/*'],
  message: 'Only src/ml and src/worker import TensorFlow.js.',
};
const idbOnlyInStorage = { group: ['idb', 'idb/*'], message: 'Only src/storage imports idb.' };

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'public', 'test-results', 'playwright-report', '.bench'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/ml/**', 'src/worker/**', 'src/storage/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [tfjsOnlyInMl, idbOnlyInStorage] }] },
  },
  {
    files: ['src/ml/**', 'src/worker/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [idbOnlyInStorage] }] },
  },
  {
    files: ['src/storage/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [tfjsOnlyInMl] }] },
  },
  {
    files: ['src/ui/**/*.tsx', 'src/app/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['scripts/**', 'tests/**', '*.config.{ts,js}'],
    languageOptions: { globals: { ...globals.node } },
  },
);
