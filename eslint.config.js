// @ts-check
// One lint configuration for the whole workspace. The four rules STYLE.md practice 12 asks for are
// marked below; everything else is typescript-eslint's recommended type-checked set.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
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

/**
 * Package boundaries (DESIGN.md §2): no deep imports into another package (only the subpaths a
 * package's exports map declares as seams), and OpenTelemetry / undici only where they belong.
 */
const deepImports = {
  group: [
    '@snowpipe/*/*',
    '!@snowpipe/*/package.json',
    '!@snowpipe/retry/internal',
    '!@snowpipe/test-utils/kafka-broker',
  ],
  message: 'Import another package through its entry point (or a seam its exports map declares).',
};
const otelImports = {
  group: ['@opentelemetry/*'],
  message: 'Only @snowpipe/telemetry-otel imports OpenTelemetry.',
};
const undiciImports = {
  group: ['undici', 'undici/*'],
  message: 'Only @snowpipe/transport-undici (and the emulator) import undici.',
};
const boundaries = (...groups) => ({
  'no-restricted-imports': ['error', { patterns: [deepImports, ...groups] }],
});

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
      // committed one-line launchers that import the compiled CLI from dist/ (see their comment)
      'packages/*/bin/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver': undefined,
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true })],
    },
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
      // the layout: no import cycles, no relative imports into another package
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-relative-packages': 'error',
      ...boundaries(otelImports, undiciImports),
    },
  },
  {
    // One concept per file (STYLE.md practice 1): library files stay under 300 lines.
    files: ['packages/*/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test-d.ts'],
    rules: { 'max-lines': ['error', { max: 300 }] },
  },
  {
    files: ['packages/telemetry-otel/**'],
    rules: boundaries(undiciImports),
  },
  {
    files: ['packages/transport-undici/**', 'packages/emulator/**'],
    rules: boundaries(otelImports),
  },
  {
    // The emulator is layered top-down: http/ above handlers/ above state/ (and its stores).
    // After the emulator's boundaries block, which would otherwise replace this rule.
    files: ['packages/emulator/src/handlers/**', 'packages/emulator/src/modes/**'],
    ignores: ['**/*.test.ts'],
    rules: boundaries(otelImports, {
      group: ['../http/*'],
      message: 'handlers/ sit below http/: move the shared piece down.',
    }),
  },
  {
    files: ['packages/emulator/src/state/**', 'packages/emulator/src/ledger/**'],
    ignores: ['**/*.test.ts'],
    rules: boundaries(otelImports, {
      group: ['../http/*', '../handlers/*', '../modes/*'],
      message: 'state/ is the bottom layer of the emulator: it imports no request handling.',
    }),
  },
  {
    files: ['packages/telemetry-otel/**'],
    rules: boundaries(undiciImports),
  },
  {
    files: ['packages/transport-undici/**', 'packages/emulator/**'],
    rules: boundaries(otelImports),
  },
  {
    // The emulator is layered top-down: http/ above handlers/ above state/ (and its stores).
    // After the emulator's boundaries block, which would otherwise replace this rule.
    files: ['packages/emulator/src/handlers/**', 'packages/emulator/src/modes/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            deepImports,
            otelImports,
            {
              group: ['../http/*'],
              message: 'handlers/ sit below http/: move the shared piece down.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/emulator/src/state/**', 'packages/emulator/src/ledger/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            deepImports,
            otelImports,
            {
              group: ['../http/*', '../handlers/*', '../modes/*'],
              message:
                'state/ is the bottom layer of the emulator: it imports no request handling.',
            },
          ],
        },
      ],
    },
  },
  {
    // Cross-package scenarios, benchmarks and examples drive every package, peers included.
    files: [
      'packages/integration/**',
      'packages/transport-conformance/**',
      'bench/**',
      'examples/**',
    ],
    rules: boundaries(),
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
