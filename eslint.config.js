// Lint: typescript-eslint (type-checked), the React hooks rules, and the folder boundaries of
// DESIGN.md section 1 (an import that goes "up" is a design error).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const NODE_GLOBALS = Object.fromEntries(
  ['process', 'console', 'URL', 'Buffer', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'].map((name) => [name, 'readonly']),
);

const upward = (folders) => ({
  patterns: folders.map((folder) => ({
    group: [`**/${folder}`, `**/${folder}/**`],
    message: `this folder may not import from ${folder}/ (DESIGN.md section 1)`,
  })),
});

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'bench/out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      // An async function without await is how stubs and hosts implement a Promise-returning API.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // TypeScript itself reports undefined names in .ts files.
    files: ['**/*.ts', '**/*.tsx'],
    rules: { 'no-undef': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: NODE_GLOBALS },
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    ...reactHooks.configs.flat['recommended-latest'],
  },
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', upward(['renderer', 'electron', 'bin', 'e2e', 'bench'])] },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: { 'no-restricted-imports': ['error', upward(['electron', 'bin', 'e2e', 'bench'])] },
  },
  {
    files: ['electron/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', upward(['renderer', 'bin', 'e2e', 'bench'])] },
  },
  {
    files: ['bin/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', upward(['renderer', 'electron', 'e2e', 'bench'])] },
  },
);
