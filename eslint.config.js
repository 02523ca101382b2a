// @ts-check
// One lint configuration for the whole workspace. The four rules STYLE.md practice 12 asks for are
// marked below; everything else is typescript-eslint's recommended type-checked set.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Time and randomness come from an injected clock/random (STYLE.md practice 6). */
const restrictedTimeGlobals = {
  'no-restricted-globals': [
    'error',
    { name: 'setTimeout', message: 'Use the injected clock (clock.sleep) instead.' },
    { name: 'setInterval', message: 'Use the injected clock instead.' },
    { name: 'performance', message: 'Use the injected clock (clock.monotonicNow) instead.' },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: 'Use the injected clock (clock.now) instead.' },
    { object: 'Math', property: 'random', message: 'Use the injected random source instead.' },
    { object: 'performance', property: 'now', message: 'Use the injected clock instead.' },
  ],
};

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.turbo/**',
      '**/.reports/**',
      '**/coverage/**',
      'bench/results/**',
      '**/*.config.js',
      '**/*.config.ts',
      '**/*.config.mjs',
      'scripts/**',
      '.ci/**',
      // Committed bin shims that only import dist (packages/cli/bin).
      'packages/*/bin/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // practice 12: type-only imports
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'separate-type-imports' },
      ],
      '@typescript-eslint/consistent-type-exports': 'error',
      // practice 12: no `export *`
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ExportAllDeclaration',
          message: 'Name every export (no `export *`).',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Use the injected clock instead of `new Date()`.',
        },
      ],
      // practice 12: no floating promises
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/only-throw-error': 'error',
      // practice 12: restricted time/random globals outside the clock module
      ...restrictedTimeGlobals,
    },
  },
  {
    // The clock and random modules are the only library code allowed to touch real time.
    files: ['**/src/**/system-clock.ts', '**/src/**/system-random.ts'],
    rules: {
      'no-restricted-globals': 'off',
      'no-restricted-properties': 'off',
      'no-restricted-syntax': 'off',
    },
  },
  {
    // Benchmarks, examples and CLIs measure or drive real time on purpose.
    files: ['bench/**', 'examples/**', '**/src/bin/**', '**/src/cli/**'],
    rules: {
      'no-restricted-globals': 'off',
      'no-restricted-properties': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'Name every export (no `export *`).' },
      ],
    },
  },
  {
    // Tests may use loosely typed fixtures; they still must not float promises.
    files: ['**/*.test.ts', '**/*.test-d.ts', '**/test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
